"""A question type added the way a new one is: one pure module, one widget, one template.

Used by ``tests/surveyapp/test_question_registry.py`` to prove that nothing else needs to change.
"""
