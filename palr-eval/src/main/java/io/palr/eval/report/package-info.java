/**
 * Comparison reports: a {@link io.palr.eval.report.Report} of systems (metrics, extra columns,
 * significance, curves, training losses) and the {@link io.palr.eval.report.ReportWriter} that
 * writes it as Markdown, CSV, JSON and PNG charts.
 */
package io.palr.eval.report;
