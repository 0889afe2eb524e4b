"""reporting 统计分析: Read models built from events: dashboards, monthly analysis, township ranking, information reports, exports and the audit trail."""
