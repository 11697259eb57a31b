## core/mail.mk - (being written)
