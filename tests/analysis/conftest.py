"""Fixtures for the analysis tests: R's ``api`` example data (exported by data/make_reference.R)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from analysis import SurveyDesign

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def apistrat() -> pd.DataFrame:
    return pd.read_csv(DATA / "apistrat.csv")


@pytest.fixture(scope="session")
def apiclus1() -> pd.DataFrame:
    return pd.read_csv(DATA / "apiclus1.csv")


@pytest.fixture
def dstrat(apistrat: pd.DataFrame) -> SurveyDesign:
    """R: svydesign(id=~1, strata=~stype, weights=~pw, data=apistrat, fpc=~fpc)."""
    return SurveyDesign(apistrat, weights="pw", strata="stype", fpc="fpc")


@pytest.fixture
def dclus1(apiclus1: pd.DataFrame) -> SurveyDesign:
    """R: svydesign(id=~dnum, weights=~pw, data=apiclus1, fpc=~fpc)."""
    return SurveyDesign(apiclus1, weights="pw", cluster="dnum", fpc="fpc")


@pytest.fixture
def make_design() -> Callable[..., SurveyDesign]:
    """Create-function for designs on ad-hoc data."""

    def make(data: dict | pd.DataFrame, **kwargs: object) -> SurveyDesign:
        return SurveyDesign(pd.DataFrame(data), **kwargs)

    return make
