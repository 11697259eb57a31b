## core/report.mk - the HTML/SVG report and its data exports.
