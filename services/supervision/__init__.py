"""supervision 交办督办: The life of a case after registration: assignment, transfer, deadlines, reminders, supervision orders, spot checks, satisfaction, review and closure."""
