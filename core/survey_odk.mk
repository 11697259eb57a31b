## core/survey_odk.mk - (being written)
