## core/survey_serve.mk - (being written)
