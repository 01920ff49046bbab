from rung.cli.main import app

app()
