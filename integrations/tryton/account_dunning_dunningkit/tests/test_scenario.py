# This file is part of account_dunning_dunningkit (MIT, like dunningkit).
"""The scenario doctests, for Tryton's runner (``load_tests``) and for pytest.

pytest does not follow the ``load_tests`` protocol: each scenario file gets a test that
runs Tryton's own doctest suite for it and fails with the doctest's report.
"""
import io
import pathlib
import unittest

import pytest

from trytond.tests.test_tryton import load_doc_tests

HERE = pathlib.Path(__file__).parent
SCENARIOS = sorted(p.name for p in HERE.glob('scenario_*.rst'))


def load_tests(*args, **kwargs):
    return load_doc_tests(__name__, __file__, *args, **kwargs)


@pytest.mark.parametrize('scenario', SCENARIOS)
def test_scenario(scenario):
    loader = unittest.TestLoader()
    loader.testNamePatterns = [scenario]
    suite = load_doc_tests(__name__, __file__, loader, unittest.TestSuite(), None)
    assert suite.countTestCases() == 1
    report = io.StringIO()
    result = unittest.TextTestRunner(stream=report, verbosity=0).run(suite)
    assert result.wasSuccessful(), report.getvalue()
