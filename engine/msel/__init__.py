"""The MSEL as spreadsheets: a scenario to sheets and back, and a planner's MSEL into a scenario."""
