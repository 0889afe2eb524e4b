"""Pure rules of reporting: months, rates, stage order, ranking and spread (docs/reporting.md)."""
