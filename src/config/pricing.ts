// What calls cost and which destinations are high-risk.
import { z } from 'zod';

export const pricingSchema = z.strictObject({
  /** Rate deck CSV (prefix, description, rate per minute, connection fee, increments). Without one, shipped per-class estimates are used. */
  rateDeck: z.string().optional(),
  /** Replaces the shipped high-risk destination list (same CSV format as data/high-risk.csv). */
  highRiskList: z.string().optional(),
  /** Extra prefixes (E.164 digits) treated as high-risk on top of the list. */
  extraHighRisk: z.array(z.string().regex(/^\d{1,15}$/)).default([]),
  currency: z.string().regex(/^[A-Z]{3}$/, 'three-letter ISO currency').default('USD'),
});

export type PricingConfig = z.infer<typeof pricingSchema>;
