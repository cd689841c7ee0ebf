from coopdocs.cli import run

run()
