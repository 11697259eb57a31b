## core/indicators.mk - ambition model, indicator rules, status method.
