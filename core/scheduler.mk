## core/scheduler.mk - cron expressions, schedule and daemon commands.
