"""The threshold search of `python -m evals.calibrate`: a wrong answer costs more than a refusal, and the
cross-validated accuracy judges each fold by a threshold chosen without it."""

from evals.calibrate import _best_threshold, _cross_validated


def test_the_best_threshold_refuses_what_scores_like_questions_the_report_does_not_answer() -> None:
    # Right answers score 0.6 and up, unanswerable questions 0.3 and below, in every fold.
    found = [(0.6 + 0.01 * i, True, True, i % 5) for i in range(20)]
    found += [(0.1 + 0.01 * i, False, False, i % 5) for i in range(20)]
    threshold = _best_threshold(found)
    assert 0.29 < threshold <= 0.6  # above every unanswerable score (0.10-0.29), at most the lowest right one
    assert _cross_validated(found) == 1.0


def test_a_threshold_that_only_fits_one_fold_does_not_cross_validate() -> None:
    # Fold 0's right answers score low; the other folds' unanswerable questions score just as low.
    found = [(0.2, True, True, 0)] * 8 + [(0.2, False, False, f) for f in (1, 2, 3, 4) for _ in range(4)]
    found += [(0.9, True, True, f) for f in range(5) for _ in range(4)]
    assert _cross_validated(found) < 1.0
