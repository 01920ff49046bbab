"""The `rung` command on plain files, without a database or a server."""

from __future__ import annotations

import polars as pl
from typer.testing import CliRunner

from rung.cli.main import app
from rung.engine import sample_data


def test_overview_of_a_plain_sales_file(tmp_path):
    lines = sample_data.to_canonical(sample_data.read_sample())["sale_lines"]
    december = lines.filter(pl.col("timestamp").dt.month() == 12, pl.col("timestamp").dt.year() == 2010)
    path = tmp_path / "sales.csv"
    december.write_csv(path)

    result = CliRunner().invoke(app, ["overview", "--sales", str(path)], terminal_width=200)

    assert result.exit_code == 0, result.output
    assert "2010-12" in result.output and "2011-01" not in result.output
    orders = (
        december.filter(~pl.col("return_flag"), pl.col("quantity") >= 0).get_column("order_id").n_unique()
    )
    assert f"{orders} orders" in result.output


def test_overview_refuses_a_missing_file(tmp_path):
    result = CliRunner().invoke(app, ["overview", "--sales", str(tmp_path / "nope.csv")])
    assert result.exit_code != 0
    assert "does not exist" in result.output


def test_demo_refuses_to_listen_on_the_network():
    result = CliRunner().invoke(app, ["demo", "--host", "0.0.0.0"], terminal_width=200)  # noqa: S104
    assert result.exit_code == 2
    assert "only listens on this computer" in " ".join(result.output.split())
