from django.tasks import task


@task()
def run_matching(*, run_id: int) -> None:
    """Background task: run the engine for one queued MatchingRun (progress is written as it goes)."""
    from tandem.matching.runs import execute_run

    execute_run(run_id=run_id)
