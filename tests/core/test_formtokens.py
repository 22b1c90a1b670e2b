from datetime import timedelta

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.utils import timezone

from core import formtokens
from core.forms import HiddenErrorsMixin
from core.formtokens import FormTokenField, new_token, once
from core.models import FormToken
from tests.factories import BoardFactory, UserFactory

pytestmark = pytest.mark.django_db


class Counted:
    """A piece of work that makes a board and counts how often it ran."""

    def __init__(self):
        self.runs = 0

    def __call__(self):
        self.runs += 1
        return BoardFactory()


class TestOnce:
    def test_a_repeat_returns_the_first_result_without_working_again(self, officer):
        work, token = Counted(), new_token()

        first = once(token, user=officer, purpose="boards.create", work=work)
        second = once(token, user=officer, purpose="boards.create", work=work)

        assert first == (second[0], False)
        assert second[1] is True
        assert work.runs == 1

    def test_a_fresh_token_works_again(self, officer):
        work = Counted()

        once(new_token(), user=officer, purpose="boards.create", work=work)
        once(new_token(), user=officer, purpose="boards.create", work=work)

        assert work.runs == 2

    def test_refused_work_leaves_the_token_unclaimed(self, officer):
        token = new_token()

        def refused():
            raise forms.ValidationError("Enter a name")

        with pytest.raises(forms.ValidationError):
            once(token, user=officer, purpose="boards.create", work=refused)
        made, repeated = once(token, user=officer, purpose="boards.create", work=Counted())

        assert made is not None and repeated is False

    @pytest.mark.parametrize("other", ["user", "purpose"])
    def test_a_token_claimed_by_someone_else_or_for_another_form_is_refused(self, officer, other):
        token, work = new_token(), Counted()
        once(token, user=officer, purpose="boards.create", work=work)
        user, purpose = (UserFactory(), "boards.create") if other == "user" else (officer, "boards.rename")

        with pytest.raises(forms.ValidationError, match="already been used"):
            once(token, user=user, purpose=purpose, work=work)

        assert work.runs == 1

    def test_the_first_result_deleted_since_is_none(self, officer):
        token = new_token()
        board, _ = once(token, user=officer, purpose="boards.create", work=Counted())
        board.delete()

        assert once(token, user=officer, purpose="boards.create", work=Counted()) == (None, True)

    def test_claiming_deletes_claims_older_than_the_tokens_life(self, officer):
        once(new_token(), user=officer, purpose="boards.create", work=Counted())
        FormToken.objects.update(created_at=timezone.now() - formtokens.MAX_AGE - timedelta(minutes=1))

        once(new_token(), user=officer, purpose="boards.create", work=Counted())

        assert FormToken.objects.count() == 1


class TokenForm(HiddenErrorsMixin, forms.Form):
    name = forms.CharField()
    form_token = FormTokenField()


class TestFormTokenField:
    def test_each_empty_form_gets_a_fresh_token(self):
        first, second = (TokenForm()["form_token"].value() for _ in range(2))

        assert first != second
        assert TokenForm({"name": "x", "form_token": first}).is_valid()

    @pytest.mark.parametrize(
        "token", ["", "forged", new_token() + "x"], ids=["missing", "forged", "tampered"]
    )
    def test_a_missing_or_forged_token_is_refused_in_plain_words(self, token):
        form = TokenForm({"name": "Kept", "form_token": token})

        assert not form.is_valid()
        assert form.non_field_errors() == ["The page was sent incomplete. Reload the page and try again"]

    def test_an_expired_token_is_refused_and_a_fresh_one_sent_back(self, monkeypatch):
        old = new_token()
        later = signing.time.time() + formtokens.MAX_AGE.total_seconds() + 60
        monkeypatch.setattr(signing.time, "time", lambda: later)

        form = TokenForm({"name": "Kept", "form_token": old})

        assert not form.is_valid()
        assert form.non_field_errors() == [
            "This page was open for more than 7 days, so nothing was saved. Check what you entered and "
            "send it again"
        ]
        fresh = form["form_token"].value()
        assert fresh != old
        assert TokenForm({"name": "Kept", "form_token": fresh}).is_valid()


class TestClaimed:
    def test_finds_the_claim_of_the_token_a_form_was_sent_with(self, officer):
        token = new_token()
        once(token, user=officer, purpose="boards.create", work=Counted())

        claim = formtokens.claimed(TokenForm({"form_token": token}), user=officer, purpose="boards.create")

        assert claim is not None and claim.result() is not None

    @pytest.mark.parametrize(
        "data", [{"form_token": "never-claimed"}, {}, None], ids=["unclaimed", "no-token", "unbound"]
    )
    def test_a_form_not_sent_before_has_no_claim(self, officer, data):
        assert formtokens.claimed(TokenForm(data), user=officer, purpose="boards.create") is None

    def test_anonymous_users_have_no_claims(self):
        form = TokenForm({"form_token": new_token()})

        assert formtokens.claimed(form, user=AnonymousUser(), purpose="boards.create") is None

    @pytest.mark.parametrize("token", ["\x00", "x" * 5000, "²"], ids=["nul", "long", "superscript"])
    def test_a_token_that_is_not_ours_is_not_looked_up(self, officer, token, django_assert_num_queries):
        form = TokenForm({"form_token": token})

        with django_assert_num_queries(0):
            assert formtokens.claimed(form, user=officer, purpose="boards.create") is None
