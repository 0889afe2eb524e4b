"""training records 培训记录: Training sessions, attendance, hours and yearly coverage of petition cadres."""
