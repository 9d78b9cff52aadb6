"""The cohort promise: subject i of a cohort run equals that subject simulated alone.

Each subject of ``hs.population`` carries its own ``subject_seed``; the engine draws each
subject's noise from its own stream, seeded by (subject seed, simulation seed). Shown for every
model at its pulse-averaged resolution (GHAxis has only its pulse resolution; its GHRH noise
is per subject too), and for the assay noise of a titrated protocol.
"""
import numpy as np
import pytest

import hormonesim as hs

SUBJECTS = (0, 3, 6)


def _cases():
    return [
        ("MaleHPG", hs.population(hs.MaleHPG(age=50), n=7, seed=2), None, "12d", "mean"),
        ("FemaleHPO", hs.population(hs.FemaleHPO(age=30), n=7, seed=2,
                                    spreads={"follicle_capacity": 0.15}, age=(30, 5)),
         None, "10w", None),
        ("FemaleHPO treated", hs.population(hs.FemaleHPO(age=55, stage="postmenopause"), n=7,
                                            seed=4, spreads={"e2_clearance_l_per_d": 0.2}),
         hs.dose("estradiol_patch", 50, "ug/day"), "3w", None),
        ("GHAxis", hs.population(hs.GHAxis(age=40), n=7, seed=2, spreads={"age_decline_per_decade": 0.2}),
         hs.dose("ipamorelin", 100, "ug"), "12h", None),
        ("FeedbackLoop", hs.population(hs.FeedbackLoop(), n=7, seed=2, spreads={"gain": 0.3}),
         None, "3d", None),
    ]


@pytest.mark.parametrize("label,cohort,plan,duration,resolution", _cases(),
                         ids=[c[0] for c in _cases()])
def test_subject_of_a_cohort_equals_the_subject_alone(label, cohort, plan, duration, resolution):
    together = hs.simulate(cohort, plan, duration=duration, seed=5, resolution=resolution)
    for i in SUBJECTS:
        alone = hs.simulate(cohort[i], plan, duration=duration, seed=5, resolution=resolution)
        for name in alone.outputs:
            np.testing.assert_allclose(together[name][i], alone[name], rtol=1e-9, atol=1e-12,
                                       err_msg=f"{label}: subject {i}, output {name}")
    # and the subjects do differ from one another (the test would pass trivially otherwise)
    first = together.outputs[0]
    assert not np.allclose(together[first][0], together[first][3])


def test_female_noise_differs_between_subjects_with_equal_parameters():
    """The follicle noise itself is per subject: identical women still cycle differently."""
    cohort = hs.population(hs.FemaleHPO(age=30), n=4, seed=1, spreads={})
    res = hs.simulate(cohort, duration="12w", seed=0)
    assert not np.allclose(res["estradiol"][0], res["estradiol"][1])
    alone = hs.simulate(cohort[1], duration="12w", seed=0)
    np.testing.assert_allclose(res["estradiol"][1], alone["estradiol"], rtol=1e-9)


def test_single_woman_without_subject_seed_keeps_her_numbers():
    """A woman built directly (no subject_seed) draws from the simulation seed, as before."""
    woman = hs.FemaleHPO(age=30)
    a = hs.simulate(woman, duration="8w", seed=3)
    b = hs.simulate(woman, duration="8w", seed=np.random.default_rng(3))
    np.testing.assert_array_equal(a["estradiol"], b["estradiol"])


def test_titration_assay_noise_is_per_subject():
    cohort = hs.population(hs.MaleHPG(), n=5, seed=3)
    plan = hs.titrated("testosterone_cypionate", start=100, unit="mg", every="7d",
                       target=(450, 700), check_every="4w", assay_cv=0.1)
    together = hs.simulate(cohort, plan, duration="10w", seed=1)
    for i in (0, 4):
        alone = hs.simulate(cohort[i], plan, duration="10w", seed=1)
        np.testing.assert_allclose(together["testosterone"][i], alone["testosterone"],
                                   rtol=1e-9)
        assert [float(d.measured[i]) for d in hs.lab_draws(together)] == pytest.approx(
            [float(d.measured[0]) for d in hs.lab_draws(alone)], rel=1e-12)


def test_seeds_accept_int_generator_or_none():
    loop = hs.FeedbackLoop()
    for seed in (0, np.int64(4), np.random.default_rng(1), None):
        assert hs.simulate(loop, duration="1d", seed=seed).t_hours.size > 0
        assert len(hs.population(loop, n=3, seed=seed, spreads={"gain": 0.2})) == 3
    with pytest.raises(TypeError, match="seed must be an integer >= 0, a numpy.random.Generator"):
        hs.simulate(loop, duration="1d", seed="1")
    with pytest.raises(ValueError, match="seed = -2"):
        hs.population(loop, n=3, seed=-2, spreads={"gain": 0.2})
