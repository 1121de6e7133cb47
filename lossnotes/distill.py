r"""A seeded toy teacher → student experiment for knowledge distillation, in NumPy.

The set-up, small enough to train in well under a second:

* **Data** (:func:`make_toy_data`): ``n_classes`` Gaussian classes in
  ``n_features`` dimensions, each with its own mean and its own per-axis
  spread, so that the Bayes-optimal decision boundaries are quadratic and
  some classes overlap more than others (the toy version of "a 2 that looks
  like a 3").
* **Teacher** (:func:`train_teacher`): softmax regression on *rich* features
  :math:`[x, x^2]` (for Gaussian classes with diagonal covariances the true
  log-posterior is exactly linear in these), fitted on many labelled samples.
* **Students** (:func:`train_student`): softmax regression on the raw
  features :math:`x` only, fitted on a *few* labelled samples, either with the
  hard labels alone or with the distillation loss of Hinton, Vinyals & Dean
  (2015),

  .. math:: L = \frac1N\sum_n \Big[\alpha\,T^2\,\mathrm{KL}(p^T_n \,\|\, q^T_n)
            + (1-\alpha)\,\mathrm{CE}(y_n, q_n)\Big],

  with :math:`p^T = \mathrm{softmax}(v/T)` the teacher's and
  :math:`q^T = \mathrm{softmax}(z/T)` the student's softened distribution
  (the same loss as :func:`lossnotes.losses.distillation_loss`).
* **Evaluation** (:func:`evaluate`): accuracy and cross-entropy (nats, at
  temperature 1) on held-out samples.

Everything is full-batch gradient descent from zero weights, vectorised, and
deterministic for a given ``seed``.

Introduced in notebook 08_knowledge_distillation.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from . import losses
from ._validation import as_float_array, check_class_indices, check_scalar

__all__ = [
    "ToyData",
    "LinearSoftmax",
    "History",
    "ExperimentResult",
    "make_toy_data",
    "quadratic_features",
    "train_teacher",
    "train_student",
    "evaluate",
    "run_experiment",
    "SweepResult",
    "temperature_sweep",
    "OmittedClassResult",
    "omitted_class_experiment",
]


class ToyData(NamedTuple):
    """The data sets of the toy experiment (see :func:`make_toy_data`).

    Attributes
    ----------
    x_train, y_train : numpy.ndarray
        The teacher's large labelled set, shapes ``(n_train, d)`` and ``(n_train,)``.
    x_few, y_few : numpy.ndarray
        The student's few labelled samples (drawn separately, balanced over classes).
    x_test, y_test : numpy.ndarray
        Held-out samples, used only for evaluation.
    n_classes : int
    """

    x_train: np.ndarray
    y_train: np.ndarray
    x_few: np.ndarray
    y_few: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    n_classes: int


class LinearSoftmax(NamedTuple):
    """A softmax-regression model: logits = ((features - shift) / scale) @ weight + bias.

    ``shift`` and ``scale`` standardise the features with statistics of the
    training set; :meth:`logits` applies the feature map (raw or quadratic).

    Attributes
    ----------
    weight : numpy.ndarray, shape (k, C)
    bias : numpy.ndarray, shape (C,)
    shift, scale : numpy.ndarray, shape (k,)
    quadratic : bool
        Whether the features are ``[x, x**2]`` (the teacher) or ``x`` (a student).
    """

    weight: np.ndarray
    bias: np.ndarray
    shift: np.ndarray
    scale: np.ndarray
    quadratic: bool

    def logits(self, x):
        """Logits of the model for inputs ``x`` of shape ``(N, d)``; shape ``(N, C)``."""
        x = as_float_array(x, "x")
        phi = quadratic_features(x) if self.quadratic else x
        if phi.ndim != 2 or phi.shape[1] != self.weight.shape[0]:
            raise ValueError(
                f"x has shape {x.shape}, which gives features of shape {phi.shape}; the model "
                f"expects {self.weight.shape[0]} features per sample"
            )
        return ((phi - self.shift) / self.scale) @ self.weight + self.bias


class History(NamedTuple):
    """Held-out metrics recorded during training.

    Attributes
    ----------
    step : numpy.ndarray of int
        The gradient-descent steps at which the metrics were recorded (0 = before training).
    accuracy : numpy.ndarray
        Held-out accuracy (fraction in [0, 1]).
    cross_entropy : numpy.ndarray
        Held-out cross-entropy in nats (temperature 1, mean over samples).
    """

    step: np.ndarray
    accuracy: np.ndarray
    cross_entropy: np.ndarray


class ExperimentResult(NamedTuple):
    """Outcome of :func:`run_experiment`: held-out accuracy and cross-entropy (nats) of each model.

    Attributes
    ----------
    teacher, hard, distilled : tuple of (float, float)
        ``(accuracy, cross-entropy in nats)`` on the held-out set for the
        teacher, the student trained on hard labels only, and the distilled
        student.
    hard_history, distilled_history : History
        The students' held-out metrics during training.
    data : ToyData
    teacher_model, hard_model, distilled_model : LinearSoftmax
    temperature, alpha : float
    """

    teacher: tuple
    hard: tuple
    distilled: tuple
    hard_history: History
    distilled_history: History
    data: ToyData
    teacher_model: LinearSoftmax
    hard_model: LinearSoftmax
    distilled_model: LinearSoftmax
    temperature: float
    alpha: float


def _check_count(value, name, low=1):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an integer, got {value!r}")
    if value < low:
        raise ValueError(f"{name} must be >= {low}, got {value!r}")
    return int(value)


def make_toy_data(n_train=2000, n_labelled=40, n_test=2000, *, n_classes=10, n_features=6,
                  separation=1.3, seed=0):
    r"""Draw a seeded multi-class Gaussian data set for the teacher → student experiment.

    Class :math:`c` has mean :math:`\mu_c \sim \mathcal N(0, s^2 I)` (``s`` =
    ``separation``) and a diagonal covariance with per-axis standard
    deviations drawn uniformly from [0.5, 1.5], so classes differ in spread
    as well as position and the best boundaries are quadratic.  Labels are
    balanced: sample :math:`i` of a set belongs to class ``i % n_classes``
    (then shuffled), so ``n_labelled = 40`` with 10 classes gives exactly 4
    labelled samples per class.

    Introduced in notebook 08_knowledge_distillation.

    Parameters
    ----------
    n_train : int, default 2000
        Size of the teacher's labelled set.
    n_labelled : int, default 40
        Size of the student's labelled set (drawn independently of the teacher's).
    n_test : int, default 2000
        Size of the held-out set.
    n_classes : int >= 2, default 10
    n_features : int >= 1, default 6
    separation : float > 0, default 1.3
        Standard deviation of the class means (larger = easier problem).
    seed : int, default 0
        Seed of :func:`numpy.random.default_rng`; the same seed gives the same data.

    Returns
    -------
    ToyData

    Examples
    --------
    >>> from lossnotes.distill import make_toy_data
    >>> data = make_toy_data(seed=0)
    >>> data.x_train.shape, data.x_few.shape, data.x_test.shape
    ((2000, 6), (40, 6), (2000, 6))
    >>> np.bincount(data.y_few).tolist()      # 4 labelled samples per class
    [4, 4, 4, 4, 4, 4, 4, 4, 4, 4]
    """
    n_train = _check_count(n_train, "n_train")
    n_labelled = _check_count(n_labelled, "n_labelled")
    n_test = _check_count(n_test, "n_test")
    n_classes = _check_count(n_classes, "n_classes", low=2)
    n_features = _check_count(n_features, "n_features")
    separation = check_scalar(separation, "separation", low=0.0, low_inclusive=False)
    rng = np.random.default_rng(seed)
    means = rng.normal(0.0, separation, size=(n_classes, n_features))
    spreads = rng.uniform(0.5, 1.5, size=(n_classes, n_features))

    def draw(n):
        y = rng.permutation(np.arange(n) % n_classes)
        x = means[y] + spreads[y] * rng.normal(size=(n, n_features))
        return x, y.astype(np.intp)

    x_train, y_train = draw(n_train)
    x_few, y_few = draw(n_labelled)
    x_test, y_test = draw(n_test)
    return ToyData(x_train, y_train, x_few, y_few, x_test, y_test, n_classes)


def quadratic_features(x):
    r"""The teacher's rich features :math:`[x, x^2]` (elementwise square), shape ``(N, 2d)``.

    For Gaussian classes with diagonal covariances the log-posterior of each
    class is a linear function of exactly these features, so softmax
    regression on them can represent the Bayes-optimal classifier.

    Introduced in notebook 08_knowledge_distillation.

    Parameters
    ----------
    x : array_like, shape (N, d)

    Returns
    -------
    numpy.ndarray, shape (N, 2d)

    Examples
    --------
    >>> from lossnotes.distill import quadratic_features
    >>> quadratic_features([[1.0, -2.0]])
    array([[ 1., -2.,  1.,  4.]])
    """
    x = as_float_array(x, "x")
    if x.ndim != 2:
        raise ValueError(f"x must have shape (N, d), got shape {x.shape}")
    return np.concatenate([x, x * x], axis=1)


def _check_xy(x, y, n_classes=None, xname="x", yname="y"):
    x = as_float_array(x, xname)
    if x.ndim != 2:
        raise ValueError(f"{xname} must have shape (N, d), got shape {x.shape}")
    yy = np.asarray(y)
    if yy.shape != (x.shape[0],):
        raise ValueError(
            f"{xname} has {x.shape[0]} samples but {yname} has shape {yy.shape}; "
            f"{yname} needs one class index per sample, shape ({x.shape[0]},)"
        )
    if n_classes is None:
        if yy.dtype.kind not in "iu" or yy.dtype == bool:
            raise TypeError(f"{yname} must hold integer class indices, got dtype {yy.dtype}")
        n_classes = int(yy.max()) + 1
    return x, check_class_indices(yy, yname, n_classes), n_classes


def _fit(phi, y, n_classes, *, teacher_logits, temperature, alpha, steps, lr, momentum,
         weight_decay, eval_fn=None, eval_every=None):
    """Full-batch gradient descent with Nesterov momentum on softmax regression.

    ``phi`` is already standardised; ``momentum = 0`` is plain gradient descent.
    """
    n, k = phi.shape
    weight = np.zeros((k, n_classes))
    bias = np.zeros(n_classes)
    vel_w = np.zeros_like(weight)
    vel_b = np.zeros_like(bias)
    onehot = np.eye(n_classes)[y]
    if teacher_logits is not None:
        # The teacher's softened targets p_T do not change during training: computed once.  Per step
        # the soft term's gradient is T^2 times gradients.distillation(z, v, T) = (q_T - p_T)/T.
        p_T = losses._softmax(teacher_logits / temperature, 1)
    records = []
    for step in range(steps + 1):
        if eval_fn is not None and (step % eval_every == 0 or step == steps):
            records.append((step, *eval_fn(weight, bias)))
        if step == steps:
            break
        w_ahead = weight + momentum * vel_w  # Nesterov: the gradient at the look-ahead point
        b_ahead = bias + momentum * vel_b
        z = phi @ w_ahead + b_ahead
        # d(per-sample loss)/dz: q - y for the hard term, T(q_T - p_T) for T^2 KL.
        q = losses._softmax(z, 1)
        g = q - onehot
        if teacher_logits is not None:
            q_T = q if temperature == 1.0 else losses._softmax(z / temperature, 1)
            soft = temperature * (q_T - p_T)
            g = alpha * soft + (1 - alpha) * g
        g /= n
        vel_w = momentum * vel_w - lr * (phi.T @ g + weight_decay * w_ahead)
        vel_b = momentum * vel_b - lr * g.sum(axis=0)
        weight = weight + vel_w
        bias = bias + vel_b
    return weight, bias, records


def train_teacher(x, y, *, steps=300, lr=1.0, momentum=0.9, weight_decay=1e-4):
    r"""Fit the teacher: softmax regression on :math:`[x, x^2]`, cross-entropy on hard labels.

    Full-batch gradient descent with Nesterov momentum, from zero weights, on
    the mean cross-entropy (nats) plus ``weight_decay``/2 times the squared
    weights; the features are standardised with the training set's mean and
    standard deviation.  (300 momentum steps reach about what 3000 plain
    gradient steps reach.)

    Introduced in notebook 08_knowledge_distillation.

    Parameters
    ----------
    x : array_like, shape (N, d)
    y : array_like of int, shape (N,)
        Class indices; the number of classes is ``max(y) + 1``.
    steps : int, default 300
    lr : float > 0, default 1.0
    momentum : float in [0, 1), default 0.9
        0 is plain gradient descent.
    weight_decay : float >= 0, default 1e-4

    Returns
    -------
    LinearSoftmax
        With ``quadratic=True``.

    Examples
    --------
    >>> from lossnotes.distill import make_toy_data, train_teacher, evaluate
    >>> data = make_toy_data(seed=0)
    >>> teacher = train_teacher(data.x_train, data.y_train)
    >>> acc, ce = evaluate(teacher.logits(data.x_test), data.y_test)
    >>> print(f"teacher: accuracy {acc:.3f}, held-out CE {ce:.3f} nats")
    teacher: accuracy 0.774, held-out CE 0.590 nats
    """
    x, y, n_classes = _check_xy(x, y)
    steps = _check_count(steps, "steps", low=0)
    lr = check_scalar(lr, "lr", low=0.0, low_inclusive=False)
    momentum = check_scalar(momentum, "momentum", low=0.0, high=1.0, high_inclusive=False)
    weight_decay = check_scalar(weight_decay, "weight_decay", low=0.0)
    phi = quadratic_features(x)
    shift, scale = phi.mean(axis=0), phi.std(axis=0)
    scale = np.where(scale > 0, scale, 1.0)
    w, b, _ = _fit((phi - shift) / scale, y, n_classes, teacher_logits=None, temperature=1.0,
                   alpha=0.0, steps=steps, lr=lr, momentum=momentum, weight_decay=weight_decay)
    return LinearSoftmax(w, b, shift, scale, True)


def train_student(x, y, *, n_classes=None, teacher_logits=None, temperature=4.0, alpha=0.9,
                  steps=500, lr=0.5, momentum=0.9, weight_decay=0.0, x_eval=None, y_eval=None,
                  eval_every=10):
    r"""Fit a student: softmax regression on the raw features, with or without distillation.

    Without ``teacher_logits`` the loss is the mean cross-entropy on the hard
    labels ``y``.  With them it is Hinton et al.'s mixture

    .. math:: L = \frac1N\sum_n \Big[\alpha\,T^2\,\mathrm{KL}(p^T_n \,\|\, q^T_n)
              + (1-\alpha)\,\mathrm{CE}(y_n, q_n)\Big]

    (``alpha`` weights the soft term; ``alpha = 1`` uses no labels at all),
    whose gradient with respect to the student's logits is
    :math:`\frac1N[\alpha T (q^T - p^T) + (1-\alpha)(q - y)]` (:math:`T^2` times
    :func:`lossnotes.gradients.distillation`, with the teacher's :math:`p^T`
    computed once, plus the softmax-CE gradient).
    Full-batch gradient descent with Nesterov momentum from zero weights (the
    same optimiser for both kinds of student); features standardised with the
    statistics of ``x``.

    Introduced in notebook 08_knowledge_distillation.

    Parameters
    ----------
    x : array_like, shape (N, d)
        The student's training inputs.
    y : array_like of int, shape (N,)
        Their hard labels.
    n_classes : int, optional
        Number of classes (default: from ``teacher_logits`` or ``max(y) + 1``).
    teacher_logits : array_like, shape (N, C), optional
        The teacher's logits on ``x``.  None trains on hard labels only.
    temperature : float > 0, default 4.0
    alpha : float in [0, 1], default 0.9
        Weight of the soft (teacher) term.
    steps : int, default 500
    lr : float > 0, default 0.5
    momentum : float in [0, 1), default 0.9
    weight_decay : float >= 0, default 0.0
    x_eval, y_eval : array_like, optional
        Held-out data to record a :class:`History` on, every ``eval_every`` steps.
    eval_every : int, default 10

    Returns
    -------
    model : LinearSoftmax
        With ``quadratic=False``.
    history : History or None
        None when no evaluation data is given.

    Examples
    --------
    >>> from lossnotes.distill import make_toy_data, train_student, evaluate
    >>> data = make_toy_data(seed=0)
    >>> model, _ = train_student(data.x_few, data.y_few, n_classes=10)
    >>> acc, ce = evaluate(model.logits(data.x_test), data.y_test)
    >>> print(f"hard-label student: accuracy {acc:.3f}, held-out CE {ce:.3f} nats")
    hard-label student: accuracy 0.447, held-out CE 4.953 nats
    """
    if teacher_logits is not None:
        v = as_float_array(teacher_logits, "teacher_logits")
        if v.ndim != 2:
            raise ValueError(f"teacher_logits must have shape (N, C), got shape {v.shape}")
        if n_classes is not None and v.shape[1] != n_classes:
            raise ValueError(
                f"teacher_logits has {v.shape[1]} classes but n_classes is {n_classes}"
            )
        n_classes = v.shape[1]
    elif n_classes is not None:
        n_classes = _check_count(n_classes, "n_classes", low=2)
    x, y, n_classes = _check_xy(x, y, n_classes)
    if teacher_logits is not None and v.shape[0] != x.shape[0]:
        raise ValueError(
            f"x has {x.shape[0]} samples but teacher_logits has shape {v.shape}; the teacher's "
            "logits must be computed on the student's inputs x"
        )
    T = check_scalar(temperature, "temperature", low=0.0, low_inclusive=False)
    alpha = check_scalar(alpha, "alpha", low=0.0, high=1.0)
    steps = _check_count(steps, "steps", low=0)
    lr = check_scalar(lr, "lr", low=0.0, low_inclusive=False)
    momentum = check_scalar(momentum, "momentum", low=0.0, high=1.0, high_inclusive=False)
    weight_decay = check_scalar(weight_decay, "weight_decay", low=0.0)
    eval_every = _check_count(eval_every, "eval_every")
    shift, scale = x.mean(axis=0), x.std(axis=0)
    scale = np.where(scale > 0, scale, 1.0)
    eval_fn = None
    if x_eval is not None or y_eval is not None:
        if x_eval is None or y_eval is None:
            raise ValueError("pass both x_eval and y_eval (or neither)")
        xe, ye, _ = _check_xy(x_eval, y_eval, n_classes, "x_eval", "y_eval")
        phi_eval = (xe - shift) / scale

        def eval_fn(w, b):
            return evaluate(phi_eval @ w + b, ye)

    w, b, records = _fit((x - shift) / scale, y, n_classes,
                         teacher_logits=None if teacher_logits is None else v,
                         temperature=T, alpha=alpha, steps=steps, lr=lr, momentum=momentum,
                         weight_decay=weight_decay, eval_fn=eval_fn, eval_every=eval_every)
    model = LinearSoftmax(w, b, shift, scale, False)
    if eval_fn is None:
        return model, None
    rec = np.array(records, dtype=float)
    return model, History(rec[:, 0].astype(int), rec[:, 1], rec[:, 2])


def evaluate(logits, y):
    r"""Accuracy and mean cross-entropy (nats, temperature 1) of ``logits`` against labels ``y``.

    Introduced in notebook 08_knowledge_distillation.

    Parameters
    ----------
    logits : array_like, shape (N, C)
    y : array_like of int, shape (N,)

    Returns
    -------
    (float, float)
        Accuracy (fraction correct, ties broken towards the lower class index)
        and :func:`lossnotes.losses.cross_entropy` with ``reduction='mean'``.

    Examples
    --------
    >>> from lossnotes.distill import evaluate
    >>> acc, ce = evaluate([[2.0, 0.0], [0.0, 0.0]], [0, 1])
    >>> print(f"{acc:.2f}, {ce:.4f} nats")     # (0.1269 + 0.6931) / 2
    0.50, 0.4100 nats
    """
    z = as_float_array(logits, "logits")
    if z.ndim != 2:
        raise ValueError(f"logits must have shape (N, C), got shape {z.shape}")
    ce = losses.cross_entropy(z, y)
    yy = np.asarray(y)
    return float(np.mean(np.argmax(z, axis=1) == yy)), float(ce)


def run_experiment(*, seed=0, n_labelled=40, temperature=4.0, alpha=0.9, steps=500, lr=0.5,
                   momentum=0.9, eval_every=10, data=None, teacher=None):
    r"""The whole toy experiment: data, teacher, and two students compared on held-out data.

    1. :func:`make_toy_data` with ``seed`` and ``n_labelled`` (unless ``data`` is given);
    2. :func:`train_teacher` on the large labelled set (unless ``teacher`` is given);
    3. a student on the ``n_labelled`` hard labels only, and a student on the same
       inputs with the distillation loss (temperature ``temperature``, soft weight
       ``alpha``), both with :func:`train_student` and the same optimiser settings;
    4. :func:`evaluate` of all three on the held-out set.

    Introduced in notebook 08_knowledge_distillation.

    Parameters
    ----------
    seed : int, default 0
    n_labelled : int, default 40
    temperature : float > 0, default 4.0
    alpha : float in [0, 1], default 0.9
    steps : int, default 500
    lr : float > 0, default 0.5
    momentum : float in [0, 1), default 0.9
    eval_every : int, default 10
    data : ToyData, optional
        Reuse a data set (then ``seed`` and ``n_labelled`` are ignored).
    teacher : LinearSoftmax, optional
        Reuse a trained teacher (saves its training time in a sweep).

    Returns
    -------
    ExperimentResult

    Examples
    --------
    >>> from lossnotes.distill import run_experiment
    >>> r = run_experiment(seed=0)
    >>> for name, (acc, ce) in [("hard", r.hard), ("distilled", r.distilled)]:
    ...     print(f"{name:>9}: accuracy {acc:.3f}, held-out CE {ce:.3f} nats")
         hard: accuracy 0.447, held-out CE 4.953 nats
    distilled: accuracy 0.608, held-out CE 1.146 nats
    """
    if data is None:
        data = make_toy_data(n_labelled=n_labelled, seed=seed)
    elif not isinstance(data, ToyData):
        raise TypeError(f"data must be a ToyData from make_toy_data, got {type(data).__name__}")
    if teacher is None:
        teacher = train_teacher(data.x_train, data.y_train)
    elif not isinstance(teacher, LinearSoftmax):
        raise TypeError(f"teacher must be a LinearSoftmax from train_teacher, got {type(teacher).__name__}")
    common = dict(n_classes=data.n_classes, steps=steps, lr=lr, momentum=momentum, x_eval=data.x_test,
                  y_eval=data.y_test, eval_every=eval_every)
    hard_model, hard_hist = train_student(data.x_few, data.y_few, **common)
    dist_model, dist_hist = train_student(
        data.x_few, data.y_few, teacher_logits=teacher.logits(data.x_few),
        temperature=temperature, alpha=alpha, **common,
    )
    return ExperimentResult(
        teacher=evaluate(teacher.logits(data.x_test), data.y_test),
        hard=(float(hard_hist.accuracy[-1]), float(hard_hist.cross_entropy[-1])),
        distilled=(float(dist_hist.accuracy[-1]), float(dist_hist.cross_entropy[-1])),
        hard_history=hard_hist,
        distilled_history=dist_hist,
        data=data,
        teacher_model=teacher,
        hard_model=hard_model,
        distilled_model=dist_model,
        temperature=float(check_scalar(temperature, "temperature", low=0.0, low_inclusive=False)),
        alpha=float(alpha),
    )


class SweepResult(NamedTuple):
    """Outcome of :func:`temperature_sweep`: held-out metrics per data set (row) and setting (column).

    Attributes
    ----------
    settings : tuple of (float, float)
        The ``(temperature, alpha)`` of each distilled student, in column order.
    seeds : tuple of int
        The seed of each data set, in row order.
    accuracy, cross_entropy : numpy.ndarray, shape (n_seeds, n_settings)
        Held-out accuracy (fraction) and cross-entropy (nats) of each distilled student.
    hard_accuracy, hard_cross_entropy : numpy.ndarray, shape (n_seeds,)
        The same for the student trained on the hard labels only.
    """

    settings: tuple
    seeds: tuple
    accuracy: np.ndarray
    cross_entropy: np.ndarray
    hard_accuracy: np.ndarray
    hard_cross_entropy: np.ndarray

    def _metric(self, metric):
        if metric not in ("accuracy", "cross_entropy"):
            raise ValueError(f"metric must be 'accuracy' or 'cross_entropy', got {metric!r}")
        return getattr(self, metric)

    def mean_and_se(self, metric="accuracy"):
        """Mean over the data sets and its standard error (sample std / sqrt(n)), one per setting.

        The standard error describes how much the mean would move with other
        data sets; it needs at least two seeds (NaN otherwise).
        """
        values = self._metric(metric)
        n = values.shape[0]
        se = values.std(axis=0, ddof=1) / np.sqrt(n) if n > 1 else np.full(values.shape[1], np.nan)
        return values.mean(axis=0), se

    def paired_difference(self, metric="accuracy", reference=0):
        """Mean of (setting − reference setting) over the data sets, and its standard error.

        Paired: each difference compares two students trained on the same
        data set with the same teacher, so the variation between data sets
        (some are simply easier) cancels, and the standard error is much
        smaller than that of either mean.
        """
        values = self._metric(metric)
        if isinstance(reference, bool) or not isinstance(reference, (int, np.integer)) \
                or not 0 <= reference < values.shape[1]:
            raise ValueError(f"reference must be a column index in [0, {values.shape[1] - 1}], got {reference!r}")
        diff = values - values[:, [reference]]
        n = diff.shape[0]
        se = diff.std(axis=0, ddof=1) / np.sqrt(n) if n > 1 else np.full(diff.shape[1], np.nan)
        return diff.mean(axis=0), se


def temperature_sweep(settings=((1.0, 0.9), (2.0, 0.9), (4.0, 0.9), (8.0, 0.9)), *, seeds=range(10),
                      n_labelled=40, steps=500, lr=0.5, momentum=0.9):
    r"""Repeat the toy experiment on several data sets: which temperature works best, beyond noise?

    One data set cannot rank temperatures whose held-out accuracies differ by
    about one standard error (for an accuracy near 0.6 on 2000 samples,
    :math:`\sqrt{0.6 \cdot 0.4/2000} \approx 0.011`).  So for every seed:
    :func:`make_toy_data` (``n_labelled`` labels), :func:`train_teacher`, a
    hard-label student and one distilled student per ``(temperature, alpha)``
    in ``settings``, all evaluated on that seed's held-out set.
    :meth:`SweepResult.mean_and_se` and :meth:`SweepResult.paired_difference`
    summarise the table.

    Introduced in notebook 08_knowledge_distillation.

    Parameters
    ----------
    settings : sequence of (float, float)
        ``(temperature, alpha)`` pairs, each as in :func:`train_student`.
    seeds : iterable of int, default range(10)
    n_labelled : int, default 40
    steps, lr, momentum
        As in :func:`train_student`.

    Returns
    -------
    SweepResult

    Examples
    --------
    >>> from lossnotes.distill import temperature_sweep
    >>> sweep = temperature_sweep([(2.0, 0.9), (8.0, 0.9)], seeds=range(3))
    >>> sweep.accuracy.shape
    (3, 2)
    >>> mean, se = sweep.paired_difference("accuracy", reference=0)
    >>> print(f"T = 8 minus T = 2: {mean[1]:+.3f} ± {se[1]:.3f}")
    T = 8 minus T = 2: -0.025 ± 0.007
    """
    pairs = []
    for item in settings:
        if len(item) != 2:
            raise ValueError(f"settings must hold (temperature, alpha) pairs, got {item!r}")
        T = check_scalar(item[0], "temperature", low=0.0, low_inclusive=False)
        a = check_scalar(item[1], "alpha", low=0.0, high=1.0)
        pairs.append((float(T), float(a)))
    if not pairs:
        raise ValueError("settings must hold at least one (temperature, alpha) pair")
    seeds = tuple(int(s) for s in seeds)
    if not seeds:
        raise ValueError("seeds must hold at least one seed")
    steps = _check_count(steps, "steps", low=0)
    lr = check_scalar(lr, "lr", low=0.0, low_inclusive=False)
    momentum = check_scalar(momentum, "momentum", low=0.0, high=1.0, high_inclusive=False)
    # Column 0 is the hard-label student: alpha = 0 leaves only the hard term (T is then unused).
    temps = np.array([1.0] + [T for T, _ in pairs])
    alphas = np.array([0.0] + [a for _, a in pairs])
    acc = np.empty((len(seeds), len(pairs) + 1))
    ce = np.empty_like(acc)
    for i, seed in enumerate(seeds):
        data = make_toy_data(n_labelled=n_labelled, seed=seed)
        teacher = train_teacher(data.x_train, data.y_train)
        x = data.x_few
        shift, scale = x.mean(axis=0), x.std(axis=0)
        scale = np.where(scale > 0, scale, 1.0)
        weights, biases = _fit_many((x - shift) / scale, data.y_few, data.n_classes, teacher.logits(x),
                                    temps, alphas, steps=steps, lr=lr, momentum=momentum)
        for j, (w, b) in enumerate(zip(weights, biases)):
            model = LinearSoftmax(w, b, shift, scale, False)
            acc[i, j], ce[i, j] = evaluate(model.logits(data.x_test), data.y_test)
    return SweepResult(tuple(pairs), seeds, acc[:, 1:], ce[:, 1:], acc[:, 0], ce[:, 0])


def _fit_many(phi, y, n_classes, teacher_logits, temps, alphas, *, steps, lr, momentum):
    """:func:`_fit` for S students at once, one per (temperature, alpha), on the same inputs.

    The same full-batch Nesterov descent from zero weights (no weight decay),
    with a leading axis of size S on the weights, so that one NumPy call per
    step serves every student: the same numbers as S calls of
    :func:`train_student`, several times faster.  Returns weights (S, k, C)
    and biases (S, C).
    """
    n, k = phi.shape
    S = len(temps)
    T = np.asarray(temps, dtype=float)[:, None, None]
    alpha = np.asarray(alphas, dtype=float)[:, None, None]
    weight = np.zeros((S, k, n_classes))
    bias = np.zeros((S, 1, n_classes))
    vel_w = np.zeros_like(weight)
    vel_b = np.zeros_like(bias)
    onehot = np.eye(n_classes)[y]
    p_T = losses._softmax(teacher_logits[None, :, :] / T, 2)
    for _ in range(steps):
        z = phi @ (weight + momentum * vel_w) + (bias + momentum * vel_b)   # (S, N, C)
        q = losses._softmax(z, 2)
        g = (alpha * T * (losses._softmax(z / T, 2) - p_T) + (1 - alpha) * (q - onehot)) / n
        vel_w = momentum * vel_w - lr * (phi.T @ g)
        vel_b = momentum * vel_b - lr * g.sum(axis=1, keepdims=True)
        weight = weight + vel_w
        bias = bias + vel_b
    return weight, bias[:, 0, :]


class OmittedClassResult(NamedTuple):
    """Outcome of :func:`omitted_class_experiment` (accuracies are fractions in [0, 1]).

    Attributes
    ----------
    omitted : int
        The class left out of the student's transfer set.
    bias_shift : float
        The amount added to the student's bias for the omitted class (in nats
        of logit: it multiplies the class's odds by ``exp(bias_shift)``),
        chosen to maximise overall accuracy on the validation half of the
        held-out set.
    accuracy : tuple of (float, float)
        Overall accuracy on the test half, before and after the bias shift.
    omitted_accuracy : tuple of (float, float)
        Accuracy on the test samples of the omitted class, before and after.
    hard_omitted_accuracy : float
        The same for a student trained on the transfer set's hard labels only
        (it has never been told the omitted class exists).
    student, corrected : LinearSoftmax
        The distilled student and the same student with the shifted bias.
    """

    omitted: int
    bias_shift: float
    accuracy: tuple
    omitted_accuracy: tuple
    hard_omitted_accuracy: float
    student: LinearSoftmax
    corrected: LinearSoftmax


def omitted_class_experiment(omitted=3, *, seed=0, temperature=4.0, alpha=0.9, steps=500, lr=0.5,
                             momentum=0.9, shifts=None, data=None, teacher=None):
    r"""Hinton et al.'s omitted-class experiment on the toy set-up: a class the student never sees.

    Hinton, Vinyals & Dean (2015, section 3) distilled an MNIST net on a
    transfer set with **no example of the digit 3**; the student still
    recognised most 3s, because the soft targets of other digits say how
    3-like they are.  Its 3s were under-predicted, and raising the bias of
    class 3 by 3.5 fixed most of that.  The same experiment here:

    1. :func:`make_toy_data` and :func:`train_teacher` on all classes (unless given);
    2. the **transfer set** is the teacher's training inputs without class
       ``omitted``; a student is distilled on it (:func:`train_student`,
       ``temperature``, ``alpha``; the hard labels it sees never include the
       omitted class), and for comparison a student on its hard labels only;
    3. the held-out set is split in halves: on the first (validation) half
       the bias shift of the omitted class is chosen from ``shifts`` to
       maximise overall accuracy (the smallest best shift; Hinton et al.
       chose theirs on the test set), and the second (test) half reports
       accuracies before and after.

    Introduced in notebook 08_knowledge_distillation.

    Parameters
    ----------
    omitted : int, default 3
        The class left out of the transfer set.
    seed : int, default 0
        Seed of the data (ignored when ``data`` is given).
    temperature : float > 0, default 4.0
    alpha : float in [0, 1], default 0.9
        Weight of the soft term (as in :func:`train_student`).
    steps, lr, momentum
        As in :func:`train_student`.
    shifts : array_like of float >= 0, optional
        Candidate bias shifts; default ``0, 0.1, …, 10``.
    data : ToyData, optional
    teacher : LinearSoftmax, optional

    Returns
    -------
    OmittedClassResult

    Examples
    --------
    >>> from lossnotes.distill import omitted_class_experiment
    >>> r = omitted_class_experiment(omitted=0, seed=0)
    >>> print(f"shift {r.bias_shift:.1f}; class 0 accuracy {r.omitted_accuracy[0]:.3f} -> "
    ...       f"{r.omitted_accuracy[1]:.3f}; hard-label student {r.hard_omitted_accuracy:.3f}")
    shift 1.6; class 0 accuracy 0.216 -> 0.658; hard-label student 0.000
    """
    if data is None:
        data = make_toy_data(seed=seed)
    elif not isinstance(data, ToyData):
        raise TypeError(f"data must be a ToyData from make_toy_data, got {type(data).__name__}")
    if teacher is None:
        teacher = train_teacher(data.x_train, data.y_train)
    elif not isinstance(teacher, LinearSoftmax):
        raise TypeError(f"teacher must be a LinearSoftmax from train_teacher, got {type(teacher).__name__}")
    C = data.n_classes
    if isinstance(omitted, bool) or not isinstance(omitted, (int, np.integer)):
        raise TypeError(f"omitted must be an integer class index, got {omitted!r}")
    if not 0 <= omitted < C:
        raise ValueError(f"omitted must be a class index in [0, {C - 1}], got {omitted!r}")
    omitted = int(omitted)
    if shifts is None:
        shifts = np.linspace(0.0, 10.0, 101)
    shifts = as_float_array(shifts, "shifts")
    if shifts.ndim != 1 or shifts.size == 0:
        raise ValueError(f"shifts must be a non-empty 1-D array, got shape {shifts.shape}")
    if np.any(shifts < 0):
        raise ValueError("shifts must be >= 0: the correction raises the omitted class's bias")

    keep = data.y_train != omitted
    x_transfer, y_transfer = data.x_train[keep], data.y_train[keep]
    common = dict(n_classes=C, steps=steps, lr=lr, momentum=momentum)
    student, _ = train_student(x_transfer, y_transfer, teacher_logits=teacher.logits(x_transfer),
                               temperature=temperature, alpha=alpha, **common)
    hard, _ = train_student(x_transfer, y_transfer, **common)

    half = data.x_test.shape[0] // 2
    x_val, y_val = data.x_test[:half], data.y_test[:half]
    x_te, y_te = data.x_test[half:], data.y_test[half:]
    onehot = np.arange(C) == omitted
    # Validation accuracy for every candidate shift at once: shape (S, N_val, C) -> (S,).
    z_val = student.logits(x_val)[None, :, :] + shifts[:, None, None] * onehot
    acc_val = np.mean(np.argmax(z_val, axis=2) == y_val, axis=1)
    shift = float(shifts[int(np.argmax(acc_val))])
    corrected = student._replace(bias=student.bias + shift * onehot)

    def accuracies(model):
        pred = np.argmax(model.logits(x_te), axis=1)
        mask = y_te == omitted
        return float(np.mean(pred == y_te)), float(np.mean(pred[mask] == omitted))

    before, after = accuracies(student), accuracies(corrected)
    return OmittedClassResult(
        omitted=omitted,
        bias_shift=shift,
        accuracy=(before[0], after[0]),
        omitted_accuracy=(before[1], after[1]),
        hard_omitted_accuracy=accuracies(hard)[1],
        student=student,
        corrected=corrected,
    )
