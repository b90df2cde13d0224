"""The page 计划任务: the province's scheduled jobs, their schedule and their record; "run now" for its
administrators."""
