"""The design review of a program year: review points (what was learned, what changes for
next year) linked to their evidence in the app, and the year-over-year diff of the design
between a cohort and the one rolled over from it (or into it). See
docs/subsystems/design-review.md."""
