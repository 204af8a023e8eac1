"""contrastive-temperature against torch: CLIP's symmetric loss as its reference code writes it
(F.cross_entropy on logits and on their transpose), softmax probabilities and argmax retrieval, computed from
the embeddings the demo returns; limits worked out by hand."""

import math

import pytest
import torch
import torch.nn.functional as F

from tests.demos import result_dict


def _torch_view(r):
    img = torch.tensor(r["embeddings"]["image"], dtype=torch.float64)
    txt = torch.tensor(r["embeddings"]["text"], dtype=torch.float64)
    return img, txt


@pytest.mark.parametrize("params,seed", [({}, 0), ({"batch": 8, "dim": 4, "noise": 2.0}, 3),
                                         ({"batch": 64, "dim": 64, "noise": 0.3, "temperatures": [0.001, 1000]}, 1),
                                         ({"batch": 2, "dim": 2, "temperatures": [0.5]}, 7)])
def test_loss_probabilities_and_accuracy_match_torch(params, seed):
    r = result_dict("contrastive-temperature", params, seed=seed)
    img, txt = _torch_view(r)
    n = img.shape[0]
    assert n == r["batch"] and img.shape[1] == r["dim"]
    assert torch.allclose(img.norm(dim=1), torch.ones(n, dtype=torch.float64))
    assert torch.allclose(txt.norm(dim=1), torch.ones(n, dtype=torch.float64))
    sim = img @ txt.T
    assert torch.allclose(torch.tensor(r["similarity"], dtype=torch.float64), sim, rtol=0, atol=1e-12)
    labels = torch.arange(n)
    acc_i = (sim.argmax(dim=1) == labels).double().mean().item()
    acc_t = (sim.argmax(dim=0) == labels).double().mean().item()
    assert r["accuracy_image_to_text"] == acc_i and r["accuracy_text_to_image"] == acc_t
    for j, tau in enumerate(r["temperatures"]):
        logits = sim / tau
        li, lt = F.cross_entropy(logits, labels).item(), F.cross_entropy(logits.T, labels).item()
        assert r["losses_image_to_text"][j] == pytest.approx(li, rel=1e-9, abs=1e-12)
        assert r["losses_text_to_image"][j] == pytest.approx(lt, rel=1e-9, abs=1e-12)
        assert r["losses"][j] == pytest.approx((li + lt) / 2, rel=1e-9, abs=1e-12)
        prob = logits.softmax(dim=1)
        assert r["positive_prob"][j] == pytest.approx(prob.diagonal().mean().item(), rel=1e-9, abs=1e-15)
        neg = logits.masked_fill(torch.eye(n, dtype=torch.bool), -math.inf)  # log-space: no 0/0 at tiny τ
        share = (neg.max(dim=1).values - neg.logsumexp(dim=1)).exp().mean().item()
        assert r["hardest_negative_share"][j] == pytest.approx(share, rel=1e-9)
        assert r["accuracy"][j] == pytest.approx((acc_i + acc_t) / 2)  # the same at every temperature
    assert r["accuracy_constant"] and r["chance_loss"] == pytest.approx(math.log(n))
    off = ~torch.eye(n, dtype=torch.bool)
    assert r["mean_positive_cosine"] == pytest.approx(sim.diagonal().mean().item())
    assert r["mean_negative_cosine"] == pytest.approx(sim[off].mean().item())


def test_limits_by_hand():
    # a huge τ flattens every softmax: the loss is ln N up to |cos|/τ, and the negatives share mass evenly
    r = result_dict("contrastive-temperature", {"batch": 32, "temperatures": [1000]})
    assert r["losses"][0] == pytest.approx(math.log(32), abs=2e-3)
    assert r["hardest_negative_share"][0] == pytest.approx(1 / 31, rel=1e-2)
    # identical views (noise 0): every positive cosine is 1 and ranks first, so a small τ drives the loss to 0
    r = result_dict("contrastive-temperature", {"batch": 16, "dim": 64, "noise": 0, "temperatures": [0.001, 0.01]})
    assert r["mean_positive_cosine"] == pytest.approx(1.0)
    assert r["accuracy"] == [1.0, 1.0] and r["losses"][0] < 1e-12 and r["positive_prob"][0] == pytest.approx(1.0)


def test_a_small_temperature_punishes_misranked_pairs():
    r = result_dict("contrastive-temperature", {"batch": 64, "dim": 16, "noise": 0.8,
                                                "temperatures": [0.001, 0.07, 100]}, seed=0)
    assert r["accuracy"][0] < 1  # some pairs ranked below a negative
    assert r["losses"][0] > r["chance_loss"] > r["losses"][1]  # blown up at τ = 0.001, better than chance at 0.07
    assert r["hardest_negative_share"][0] > 0.9 > r["hardest_negative_share"][1] > r["hardest_negative_share"][2]


def test_deterministic():
    a = result_dict("contrastive-temperature", {}, seed=9)
    assert a == result_dict("contrastive-temperature", {}, seed=9)
    assert a["embeddings"] != result_dict("contrastive-temperature", {}, seed=10)["embeddings"]


def test_what_the_cards_predict_question_says():
    # clip-multimodal, predict-accuracy-vs-temperature: the same accuracy at every τ; in this batch the loss is
    # lowest at τ = 0.07 and above ln 32 at τ = 0.01
    r = result_dict("contrastive-temperature", {"batch": 32, "dim": 16, "noise": 0.8, "temperatures": [0.01, 0.07, 1.0]})
    assert r["accuracy_constant"] and len(set(r["accuracy"])) == 1 and r["accuracy"][0] < 1
    assert min(r["losses"]) == r["losses"][1] and r["losses"][0] > math.log(32)
