"""Tests for lossnotes.distill: the seeded toy teacher -> student experiment of notebook 08."""

import doctest

import numpy as np
import pytest

import lossnotes.distill as distill
from lossnotes import gradcheck, losses
from lossnotes.distill import (
    LinearSoftmax,
    ToyData,
    evaluate,
    make_toy_data,
    quadratic_features,
    run_experiment,
    train_student,
    train_teacher,
)


@pytest.fixture(scope="module")
def data():
    return make_toy_data(seed=0)


@pytest.fixture(scope="module")
def teacher(data):
    return train_teacher(data.x_train, data.y_train)


@pytest.fixture(scope="module")
def result(data, teacher):
    return run_experiment(data=data, teacher=teacher)


def test_doctests():
    failures, tried = doctest.testmod(distill, optionflags=doctest.ELLIPSIS)
    assert tried > 0 and failures == 0


# --------------------------------------------------------------------------- data

def test_make_toy_data_shapes_and_balance(data):
    assert isinstance(data, ToyData)
    assert data.x_train.shape == (2000, 6) and data.y_train.shape == (2000,)
    assert data.x_few.shape == (40, 6) and data.x_test.shape == (2000, 6)
    assert data.n_classes == 10
    assert np.bincount(data.y_few, minlength=10).tolist() == [4] * 10
    assert np.bincount(data.y_train, minlength=10).tolist() == [200] * 10
    assert data.y_train.dtype.kind == "i"


def test_make_toy_data_is_deterministic_and_seeded():
    a, b, c = make_toy_data(seed=3), make_toy_data(seed=3), make_toy_data(seed=4)
    for name in ("x_train", "y_train", "x_few", "y_few", "x_test", "y_test"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name))
    assert not np.array_equal(a.x_train, c.x_train)


def test_make_toy_data_options():
    d = make_toy_data(n_train=30, n_labelled=9, n_test=12, n_classes=3, n_features=2, seed=1)
    assert d.x_train.shape == (30, 2) and d.x_few.shape == (9, 2) and d.x_test.shape == (12, 2)
    assert set(d.y_few.tolist()) == {0, 1, 2}


@pytest.mark.parametrize(
    "kwargs, exc, match",
    [
        (dict(n_train=0), ValueError, "n_train"),
        (dict(n_labelled=2.5), TypeError, "n_labelled"),
        (dict(n_classes=1), ValueError, "n_classes"),
        (dict(separation=0.0), ValueError, "separation"),
        (dict(n_features=True), TypeError, "n_features"),
    ],
)
def test_make_toy_data_validation(kwargs, exc, match):
    with pytest.raises(exc, match=match):
        make_toy_data(**kwargs)


def test_quadratic_features():
    np.testing.assert_array_equal(
        quadratic_features([[1.0, -2.0], [0.5, 3.0]]), [[1.0, -2.0, 1.0, 4.0], [0.5, 3.0, 0.25, 9.0]]
    )
    with pytest.raises(ValueError, match="x must have shape"):
        quadratic_features([1.0, 2.0])
    with pytest.raises(ValueError, match="NaN"):
        quadratic_features([[np.nan, 1.0]])


# --------------------------------------------------------------------------- models

def test_teacher_is_good_and_uses_quadratic_features(data, teacher):
    assert isinstance(teacher, LinearSoftmax) and teacher.quadratic
    assert teacher.weight.shape == (12, 10) and teacher.bias.shape == (10,)
    acc, ce = evaluate(teacher.logits(data.x_test), data.y_test)
    assert acc > 0.75 and ce < 0.65
    with pytest.raises(ValueError, match="expects 12 features"):
        teacher.logits(data.x_test[:, :3])


def _one_step(x, y, **kw):
    """Weights after one plain gradient step of size 1 from zero = minus the gradient at zero."""
    model, _ = train_student(x, y, steps=1, lr=1.0, momentum=0.0, **kw)
    return model


def test_student_hard_gradient_matches_finite_differences():
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(7, 3)), np.array([0, 1, 2, 3, 0, 1, 2])
    model = _one_step(x, y, n_classes=4)
    phi = (x - x.mean(0)) / x.std(0)

    def loss(wb):
        w, b = wb[:12].reshape(3, 4), wb[12:]
        return losses.cross_entropy(phi @ w + b, y)

    num = gradcheck.numerical_gradient(loss, np.zeros(16))
    np.testing.assert_allclose(-np.concatenate([model.weight.ravel(), model.bias]), num, atol=1e-8)


@pytest.mark.parametrize("T, alpha", [(1.0, 0.5), (4.0, 0.9), (3.0, 1.0)])
def test_student_distillation_gradient_is_that_of_distillation_loss(T, alpha):
    """The training loop descends exactly losses.distillation_loss (batchmean)."""
    rng = np.random.default_rng(1)
    x, y = rng.normal(size=(6, 3)), np.array([0, 1, 2, 0, 1, 2])
    v = 2.0 * rng.normal(size=(6, 3))
    model = _one_step(x, y, teacher_logits=v, temperature=T, alpha=alpha)
    phi = (x - x.mean(0)) / x.std(0)

    def loss(wb):
        w, b = wb[:9].reshape(3, 3), wb[9:]
        return losses.distillation_loss(phi @ w + b, v, y, temperature=T, alpha=alpha)

    num = gradcheck.numerical_gradient(loss, np.zeros(12))
    np.testing.assert_allclose(-np.concatenate([model.weight.ravel(), model.bias]), num, atol=1e-8)


def test_alpha_zero_equals_hard_training(data, teacher):
    v = teacher.logits(data.x_few)
    hard, _ = train_student(data.x_few, data.y_few, n_classes=10, steps=50)
    mixed, _ = train_student(data.x_few, data.y_few, teacher_logits=v, alpha=0.0, steps=50)
    np.testing.assert_allclose(mixed.weight, hard.weight, atol=1e-12)
    np.testing.assert_allclose(mixed.bias, hard.bias, atol=1e-12)


def test_student_history(data):
    model, hist = train_student(data.x_few, data.y_few, n_classes=10, steps=25, eval_every=10,
                                x_eval=data.x_test, y_eval=data.y_test)
    assert hist.step.tolist() == [0, 10, 20, 25]
    # before training: uniform prediction, CE = ln 10, accuracy of always predicting class 0 = 0.1
    assert hist.cross_entropy[0] == pytest.approx(np.log(10))
    assert hist.accuracy[0] == pytest.approx(0.1)
    assert (hist.accuracy[-1], hist.cross_entropy[-1]) == pytest.approx(
        evaluate(model.logits(data.x_test), data.y_test)
    )
    assert not model.quadratic and model.weight.shape == (6, 10)


def test_student_without_eval_returns_none(data):
    _, hist = train_student(data.x_few, data.y_few, n_classes=10, steps=3)
    assert hist is None


@pytest.mark.parametrize(
    "kwargs, exc, match",
    [
        (dict(temperature=0.0), ValueError, "temperature"),
        (dict(alpha=1.5), ValueError, "alpha"),
        (dict(momentum=1.0), ValueError, "momentum"),
        (dict(lr=-1.0), ValueError, "lr"),
        (dict(steps=-1), ValueError, "steps"),
        (dict(x_eval=np.zeros((3, 6))), ValueError, "x_eval and y_eval"),
    ],
)
def test_student_validation(data, kwargs, exc, match):
    with pytest.raises(exc, match=match):
        train_student(data.x_few, data.y_few, n_classes=10, **kwargs)


def test_student_shape_errors(data):
    with pytest.raises(ValueError, match="teacher's logits must be computed on the student's inputs"):
        train_student(data.x_few, data.y_few, teacher_logits=np.zeros((5, 10)))
    with pytest.raises(ValueError, match="one class index per sample"):
        train_student(data.x_few, data.y_few[:5], n_classes=10)
    with pytest.raises(ValueError, match="out of range"):
        train_student(data.x_few, data.y_few, n_classes=3)
    with pytest.raises(ValueError, match="n_classes is 5"):
        train_student(data.x_few, data.y_few, n_classes=5, teacher_logits=np.zeros((40, 10)))


def test_evaluate():
    acc, ce = evaluate([[2.0, 0.0], [0.0, 0.0]], [0, 1])
    assert acc == 0.5
    assert ce == pytest.approx((np.log1p(np.exp(-2.0)) + np.log(2)) / 2)
    with pytest.raises(ValueError, match="logits must have shape"):
        evaluate([1.0, 2.0], [0, 1])


# --------------------------------------------------------------------------- the experiment

def test_experiment_numbers_of_the_notebook(result):
    """The claims of notebook 08, section 7 (seed 0, 40 labels, T = 4, alpha = 0.9)."""
    assert result.hard == pytest.approx((0.447, 4.953), abs=5e-4)
    assert result.distilled == pytest.approx((0.608, 1.146), abs=5e-4)
    assert result.teacher == pytest.approx((0.774, 0.590), abs=5e-4)
    assert result.distilled[0] > result.hard[0] and result.distilled[1] < result.hard[1]
    # even the best-stopped hard-label student is worse than the distilled one
    assert result.hard_history.accuracy.max() < result.distilled[0]
    assert result.hard_history.cross_entropy.min() > result.distilled[1]
    assert result.temperature == 4.0 and result.alpha == 0.9


def test_experiment_is_deterministic(data, teacher, result):
    again = run_experiment(data=data, teacher=teacher)
    assert again.hard == result.hard and again.distilled == result.distilled
    np.testing.assert_array_equal(again.distilled_model.weight, result.distilled_model.weight)


def test_experiment_validation(data):
    with pytest.raises(TypeError, match="data must be a ToyData"):
        run_experiment(data=(1, 2))
    with pytest.raises(TypeError, match="teacher must be a LinearSoftmax"):
        run_experiment(data=data, teacher="teacher")


# -- several data sets: which temperature is best beyond noise ------------------------------
@pytest.fixture(scope="module")
def sweep():
    return distill.temperature_sweep([(2.0, 0.9), (8.0, 0.9), (4.0, 1.0)], seeds=(0, 1, 2))


def test_sweep_equals_one_student_at_a_time(sweep, data, teacher):
    # The batched training of temperature_sweep gives the numbers of train_student, column by column.
    assert sweep.settings == ((2.0, 0.9), (8.0, 0.9), (4.0, 1.0)) and sweep.seeds == (0, 1, 2)
    assert sweep.accuracy.shape == sweep.cross_entropy.shape == (3, 3)
    v = teacher.logits(data.x_few)
    for j, (T, alpha) in enumerate(sweep.settings):
        model, _ = train_student(data.x_few, data.y_few, teacher_logits=v, temperature=T, alpha=alpha)
        acc, ce = evaluate(model.logits(data.x_test), data.y_test)
        assert sweep.accuracy[0, j] == acc and sweep.cross_entropy[0, j] == pytest.approx(ce, abs=1e-12)
    hard, _ = train_student(data.x_few, data.y_few, n_classes=10)
    assert (sweep.hard_accuracy[0], sweep.hard_cross_entropy[0]) == pytest.approx(
        evaluate(hard.logits(data.x_test), data.y_test), abs=1e-12)


def test_sweep_summaries(sweep):
    mean, se = sweep.mean_and_se("accuracy")
    np.testing.assert_allclose(mean, sweep.accuracy.mean(axis=0))
    np.testing.assert_allclose(se, sweep.accuracy.std(axis=0, ddof=1) / np.sqrt(3))
    diff, dse = sweep.paired_difference("cross_entropy", reference=1)
    assert diff[1] == 0 and dse[1] == 0
    d = sweep.cross_entropy[:, 0] - sweep.cross_entropy[:, 1]
    assert diff[0] == pytest.approx(d.mean()) and dse[0] == pytest.approx(d.std(ddof=1) / np.sqrt(3))
    # Pairing removes the data-set-to-data-set variation: the paired error bar is the smaller one.
    assert sweep.paired_difference("accuracy")[1][1] < sweep.mean_and_se("accuracy")[1][1]
    one = distill.temperature_sweep([(2.0, 0.9)], seeds=[0], steps=5)
    assert np.isnan(one.mean_and_se()[1]).all() and np.isnan(one.paired_difference()[1]).all()


@pytest.mark.parametrize("kwargs, exc, match", [
    (dict(settings=[]), ValueError, "at least one"),
    (dict(settings=[(2.0,)]), ValueError, "pairs"),
    (dict(settings=[(0.0, 0.9)]), ValueError, "temperature"),
    (dict(settings=[(2.0, 1.5)]), ValueError, "alpha"),
    (dict(seeds=[]), ValueError, "seeds"),
])
def test_sweep_validation(kwargs, exc, match):
    with pytest.raises(exc, match=match):
        distill.temperature_sweep(**kwargs)


def test_sweep_summary_validation(sweep):
    with pytest.raises(ValueError, match="metric"):
        sweep.mean_and_se("loss")
    with pytest.raises(ValueError, match="reference"):
        sweep.paired_difference(reference=3)


# -- Hinton's omitted-class experiment ------------------------------------------------
@pytest.fixture(scope="module")
def omitted0(data, teacher):
    return distill.omitted_class_experiment(0, data=data, teacher=teacher)


def test_omitted_class_is_learned_from_soft_targets_alone(data, omitted0):
    r = omitted0
    # The transfer set has no sample of class 0 ...
    assert r.omitted == 0
    # ... so a hard-label student never predicts it, while the distilled student does.
    assert r.hard_omitted_accuracy == 0.0
    assert r.omitted_accuracy[0] > 0.15
    # The numbers the notebook prints (seed 0, T = 4, alpha = 0.9).
    assert r.bias_shift == pytest.approx(1.6)
    assert r.omitted_accuracy == pytest.approx((0.216, 0.658), abs=1e-3)
    assert r.accuracy == pytest.approx((0.654, 0.681), abs=1e-3)


def test_bias_correction_changes_only_the_omitted_bias(data, omitted0):
    r = omitted0
    assert np.array_equal(r.corrected.weight, r.student.weight)
    delta = r.corrected.bias - r.student.bias
    assert delta[0] == pytest.approx(r.bias_shift)
    assert np.all(delta[1:] == 0)
    # Raising a bias can only move predictions *to* the omitted class.
    x = data.x_test
    before, after = r.student.logits(x).argmax(1), r.corrected.logits(x).argmax(1)
    changed = before != after
    assert changed.any() and np.all(after[changed] == 0)


def test_bias_shift_is_chosen_on_the_validation_half(data, teacher, omitted0):
    # Recompute the validation accuracies by hand for three shifts: the chosen one is the best.
    half = data.x_test.shape[0] // 2
    xv, yv = data.x_test[:half], data.y_test[:half]
    z = omitted0.student.logits(xv)

    def acc(s):
        zz = z.copy()
        zz[:, 0] += s
        return np.mean(zz.argmax(1) == yv)

    best = acc(omitted0.bias_shift)
    assert all(best >= acc(s) for s in np.linspace(0, 10, 101))
    # A single-candidate grid forces the shift.
    r = distill.omitted_class_experiment(0, data=data, teacher=teacher, shifts=[0.0])
    assert r.bias_shift == 0.0 and r.omitted_accuracy[0] == r.omitted_accuracy[1]
    assert r.omitted_accuracy[0] == pytest.approx(omitted0.omitted_accuracy[0])


@pytest.mark.parametrize(
    "kwargs, exc, match",
    [
        (dict(omitted=10), ValueError, "omitted"),
        (dict(omitted=-1), ValueError, "omitted"),
        (dict(omitted=1.0), TypeError, "omitted"),
        (dict(omitted=1, shifts=[-1.0, 1.0]), ValueError, "shifts"),
        (dict(omitted=1, shifts=[]), ValueError, "shifts"),
        (dict(omitted=1, data="x"), TypeError, "data"),
    ],
)
def test_omitted_class_validation(data, teacher, kwargs, exc, match):
    kwargs.setdefault("data", data)
    with pytest.raises(exc, match=match):
        distill.omitted_class_experiment(teacher=teacher, **kwargs)
