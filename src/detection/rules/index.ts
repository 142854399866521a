// The shipped rules, in the order their findings are explained.
import type { Rule } from '../rule.js';

export const RULES: Rule[] = [];
