// One entry point for every report format the CLI and jobs write.
import { renderFlaggedCallsCsv } from './csv.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import type { Report } from './report.js';
import { renderText } from './text.js';

export const REPORT_FORMATS = ['text', 'json', 'html', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface RenderOptions {
  /** ANSI colours in the text format. */
  color?: boolean;
  /** Rows of the other extensions' spending in the HTML format (default 10). */
  maxActivityRows?: number;
  /** Incidents in full in the HTML format (default all) and of those, how many charted (default all). */
  maxIncidents?: number;
  maxCharts?: number;
  /** UTF-8 byte order mark on the CSV, for Excel. */
  bom?: boolean;
}

/** The CSV format is the calls of flagged extension-days: fill report.flaggedCalls first. */
export function renderReport(report: Report, format: ReportFormat, options: RenderOptions = {}): string {
  switch (format) {
    case 'text':
      return renderText(report, { color: options.color ?? false });
    case 'json':
      return renderJson(report);
    case 'html':
      return renderHtml(report, { maxActivityRows: options.maxActivityRows, maxCharts: options.maxCharts, maxIncidents: options.maxIncidents });
    case 'csv':
      return renderFlaggedCallsCsv(report, { bom: options.bom ?? false });
    default: {
      const never: never = format;
      throw new Error(`unknown report format "${String(never)}" (known: ${REPORT_FORMATS.join(', ')})`);
    }
  }
}

export { renderText, renderJson, renderHtml, renderFlaggedCallsCsv };
export { renderHtmlBody, renderHeadlineHtml, renderIncidentHtml, renderActivityHtml, renderChartHtml, htmlDocument } from './html.js';
export { groupIncidents, incidentFacts } from './incidents.js';
export type { Incident, IncidentFacts } from './incidents.js';
export { escapeHtml, csvCell, oneLine } from './escape.js';
export type { HtmlOptions } from './html.js';
export type { TextOptions } from './text.js';
export type { CsvOptions } from './csv.js';
export type { Report, ReportSummary, FlaggedDay, ChartPoint } from './report.js';
