"""The officers' consultation pages: the list, setting one up, its survey's questions, and its moves."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from boards import permissions as board_permissions
from core import formtokens
from core.forms import ReorderForm, add_errors
from core.http import HtmxHttpRequest, wants_partial
from core.versions import EditConflict, show_conflict

from .. import permissions, services
from ..equality import QUESTIONS as EQUALITY_QUESTIONS
from ..forms import ConsultationForm, QuestionForm, TransitionForm
from ..models import Consultation, Question

TEMPLATE = "consultations/consultation_manage.html"
CREATE, ADD_QUESTION = "consultations.create", "consultations.question_add"


def editable_consultation(user, pk: int) -> Consultation:
    return get_object_or_404(
        Consultation.objects.editable_by(user).select_related("board", "strategy", "revision"), pk=pk
    )


def editable_question(user, pk: int) -> Question:
    return get_object_or_404(
        Question.objects.filter(consultation__in=Consultation.objects.editable_by(user)).select_related(
            "consultation__board", "consultation__strategy"
        ),
        pk=pk,
    )


@login_required
def consultation_manage_list(request: HtmxHttpRequest) -> HttpResponse:
    if not permissions.can_manage_any(request.user):
        raise Http404
    consultations = (
        Consultation.objects.private_to(request.user)
        .select_related("board", "strategy")
        .order_by("board__name", "-opens_at")
    )
    return render(request, "consultations/consultation_manage_list.html", {"consultations": consultations})


@login_required
def consultation_create(request: HtmxHttpRequest) -> HttpResponse:
    if not board_permissions.can_edit_any(request.user):
        raise Http404
    form = ConsultationForm(request.POST or None, user=request.user)
    if request.method == "POST":
        first = formtokens.claimed(form, user=request.user, purpose=CREATE)
        if first is not None:
            return _created(request, first.result(), repeated=True)
    if request.method == "POST" and form.is_valid():
        try:
            consultation, repeated = formtokens.once(
                form.cleaned_data["form_token"],
                user=request.user,
                purpose=CREATE,
                work=lambda: services.consultation_create(
                    strategy=form.cleaned_data["strategy"], by=request.user, **form.service_fields()
                ),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return _created(request, consultation, repeated=repeated)
    return render(request, "consultations/consultation_form.html", {"form": form, "consultation": None})


def _created(request: HtmxHttpRequest, consultation: Consultation | None, *, repeated: bool) -> HttpResponse:
    if consultation is None:
        return redirect("consultations:manage_list")
    if repeated:
        messages.info(request, f"“{consultation.title}” was already set up. Here it is.")
    else:
        messages.success(request, f"Set up “{consultation.title}”. Add its questions, then schedule it.")
    return redirect(consultation.get_manage_url())


@login_required
def consultation_manage(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    consultation = editable_consultation(request.user, pk)
    return render(request, TEMPLATE, manage_context(consultation))


def manage_context(consultation: Consultation, **extra) -> dict:
    questions = list(consultation.questions.all())
    context = {
        "consultation": consultation,
        "board": consultation.board,
        "text": consultation.text(),
        "questions": questions,
        "question_ids": ",".join(str(question.pk) for question in questions),
        "add_form": QuestionForm(prefix="new-question", adding=True),
        "equality_questions": EQUALITY_QUESTIONS,
        "transitions": consultation.allowed_transitions(),
        "responses": consultation.responses.counted().count(),
        "errors": {},
    }
    context.update(extra)
    return context


def questions_response(request: HtmxHttpRequest, consultation: Consultation, **extra) -> HttpResponse:
    """After a change to the questions: the #questions partial for htmx, else the page (or back to it)."""
    if wants_partial(request):
        return render(request, TEMPLATE + "#questions", manage_context(consultation, **extra))
    if extra.get("errors") or (extra.get("add_form") is not None and extra["add_form"].errors):
        return render(request, TEMPLATE, manage_context(consultation, **extra), status=200)
    if extra.get("announce"):
        messages.success(request, extra["announce"])
    return redirect(consultation.get_manage_url() + "#questions")


@login_required
def consultation_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    consultation = editable_consultation(request.user, pk)
    if not consultation.is_editable:
        messages.error(request, "This consultation's set-up can no longer be changed.")
        return redirect(consultation.get_manage_url())
    form = ConsultationForm(request.POST or None, instance=Consultation.objects.get(pk=pk), user=request.user)
    conflict = None
    if request.method == "POST" and form.is_valid():
        arguments = {"version": form.cleaned_data["version"], **form.service_fields()}
        try:
            services.consultation_update(consultation=consultation, by=request.user, **arguments)
        except EditConflict as error:
            conflict = show_conflict(form, error, sent=arguments, anchor="consultation-conflict")
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Saved the consultation's set-up.")
            return redirect(consultation.get_manage_url())
    context = {"form": form, "consultation": consultation, "conflict": conflict}
    return render(request, "consultations/consultation_form.html", context)


@login_required
@require_POST
def consultation_transition(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    consultation = editable_consultation(request.user, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose what to do with the consultation.")
        return redirect(consultation.get_manage_url())
    try:
        consultation = services.consultation_transition(
            consultation=consultation, to_status=form.cleaned_data["to_status"], by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"The consultation is now {consultation.get_status_display().lower()}.")
    return redirect(consultation.get_manage_url())


# The survey's general questions -------------------------------------------------------------------


@login_required
@require_POST
def question_add(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    consultation = editable_consultation(request.user, pk)
    form = QuestionForm(request.POST, prefix="new-question", adding=True)
    first = formtokens.claimed(form, user=request.user, purpose=ADD_QUESTION)
    if first is not None:
        return questions_response(request, consultation, announce="That question was already added.")
    if not form.is_valid():
        return questions_response(request, consultation, add_form=form)
    try:
        question, repeated = formtokens.once(
            form.cleaned_data["form_token"],
            user=request.user,
            purpose=ADD_QUESTION,
            work=lambda: services.question_create(
                consultation=consultation, by=request.user, **form.service_fields()
            ),
        )
    except ValidationError as error:
        add_errors(form, error)
        return questions_response(request, consultation, add_form=form)
    return questions_response(request, consultation, announce=f"Added the question “{question.text}”.")


@login_required
@vary_on_headers("HX-Request")
def question_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    question = editable_question(request.user, pk)
    consultation = question.consultation
    initial = {
        "text": question.text,
        "hint": question.hint,
        "kind": question.kind,
        "options": "\n".join(question.options),
        "required": question.required,
        "version": question.version,
    }
    form = QuestionForm(request.POST or None, prefix=f"question-{question.pk}", initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        arguments = {"version": form.cleaned_data["version"], **form.service_fields()}
        try:
            services.question_update(question=question, by=request.user, **arguments)
        except EditConflict as error:
            conflict = show_conflict(form, error, sent=arguments, anchor=f"question-{question.pk}-conflict")
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Saved the question “{form.cleaned_data['text']}”.")
            return redirect(consultation.get_manage_url() + "#questions")
    context = {"consultation": consultation, "board": consultation.board, "question": question, "form": form}
    context["conflict"] = conflict
    return render(request, "consultations/question_edit.html", context)


@login_required
def question_delete(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    question = editable_question(request.user, pk)
    consultation = question.consultation
    if request.method == "POST":
        try:
            services.question_delete(question=question, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(consultation.get_manage_url())
        return questions_response(request, consultation, announce=f"Deleted the question “{question.text}”.")
    context = {"consultation": consultation, "board": consultation.board, "question": question}
    return render(request, "consultations/question_delete.html", context)


@login_required
@require_POST
def questions_reorder(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    consultation = editable_consultation(request.user, pk)
    form = ReorderForm(request.POST)
    if not form.is_valid():
        return questions_response(request, consultation, errors={"questions": form.error_text()})
    try:
        services.questions_reorder(
            consultation=consultation,
            by=request.user,
            order=form.cleaned_data["order"],
            seen=form.cleaned_data["seen"],
        )
    except ValidationError as error:
        return questions_response(request, consultation, errors={"questions": " ".join(error.messages)})
    return questions_response(request, consultation, announce="Moved.")
