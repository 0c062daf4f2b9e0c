// SPDX-License-Identifier: MIT
/*
 * bench --svg: a horizontal bar chart, one bar per measured mechanism, on
 * a log scale from 1 ns to 1 ms (the mechanisms span five orders of
 * magnitude), with the p10-p90 spread as a whisker and the 2007 figures
 * as dashed red marks on their rows.  Plain SVG 1.1 without scripts or
 * external references, so that any browser shows it as it is.
 *
 * Bars, whiskers and marks carry class and data-* attributes (bar,
 * spread, ref2007; data-mechanism, data-ns) for tests and stylesheets.
 */
#include <stdio.h>
#include "bench/bench.h"
#include "common/utf8.h"

#define WIDTH 1000
#define LABEL_X 12		/* mechanism names */
#define X0 170			/* 1 ns */
#define X1 780			/* 1 ms */
#define DECADES 6
#define TOP 78			/* first row */
#define ROW 30
#define BAR 18

/* Character data and attribute values: the five XML specials escaped,
 * and what XML 1.0 cannot carry (invalid UTF-8, control characters) as
 * U+FFFD. */
static void xml_text(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;

	while (*p) {
		switch (*p) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&apos;", out); break;
		default:
			n = utf8_sequence_len(p);
			if (!n || (*p < 0x20 && *p != '\t' && *p != '\n') || *p == 0x7f) {
				fputs("&#xfffd;", out);
				break;
			}
			fwrite(p, 1, n, out);
			p += n;
			continue;
		}
		p++;
	}
}

/* Where ns lies on the axis, clamped to it. */
static double x_of(double ns)
{
	double x = X0 + bench_log10(ns) * (X1 - X0) / DECADES;

	return x < X0 ? X0 : x > X1 ? X1 : x;
}

static void axis(FILE *out, double bottom)
{
	static const char *const labels[DECADES + 1] = {
		"1 ns", "10 ns", "100 ns", "1 \xc2\xb5s", "10 \xc2\xb5s", "100 \xc2\xb5s", "1 ms",
	};
	double ns = 1;
	int d;

	for (d = 0; d <= DECADES; d++, ns *= 10) {
		double x = x_of(ns);

		fprintf(out, "<line class=\"grid\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" "
			"stroke=\"#ccc\" stroke-width=\"1\"/>\n", x, TOP - 8, x, bottom);
		fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
			"fill=\"#555\">%s</text>\n", x, bottom + 16, labels[d]);
	}
}

static void whisker(FILE *out, const struct bench_entry *e, double mid)
{
	double lo = x_of(e->res.st.p10), hi = x_of(e->res.st.p90);

	fprintf(out, "<line class=\"spread\" data-mechanism=\"%s\" x1=\"%.1f\" y1=\"%.1f\" "
		"x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333\" stroke-width=\"1.5\"/>\n",
		e->mech->name, lo, mid, hi, mid);
}

static void ref_mark(FILE *out, const struct bench_entry *e, double y)
{
	char ref[32];
	double x = x_of(e->mech->ref_ns);

	bench_format(ref, sizeof(ref), e->mech->ref_ns, bench_unit_for(1000));
	fprintf(out, "<line class=\"ref2007\" data-mechanism=\"%s\" data-ns=\"%.3f\" "
		"x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#d62728\" "
		"stroke-width=\"2\" stroke-dasharray=\"4 2\"><title>2007: %s (%s)</title></line>\n",
		e->mech->name, e->mech->ref_ns, x, y - 3, x, y + BAR + 3, ref, e->mech->ref_what);
}

static void row(FILE *out, const struct bench_entry *e, double y)
{
	const struct bench_result *r = &e->res;
	char figure[32];
	double x;

	fprintf(out, "<text x=\"%d\" y=\"%.1f\">%s</text>\n", LABEL_X, y + BAR - 4, e->mech->name);
	if (r->status != BENCH_OK) {
		/* The reason can be long: in full only in the tooltip. */
		fprintf(out, "<text x=\"%d\" y=\"%.1f\" fill=\"#888\">%s<title>", X0 + 4,
			y + BAR - 4, bench_status_name(r->status));
		xml_text(out, r->reason);
		fputs("</title></text>\n", out);
	} else {
		x = x_of(r->st.median);
		bench_format(figure, sizeof(figure), r->st.median, bench_unit_for(r->st.median));
		fprintf(out, "<rect class=\"bar\" data-mechanism=\"%s\" data-ns=\"%.3f\" "
			"x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" fill=\"%s\"><title>%s: ",
			e->mech->name, r->st.median, X0, y, x - X0 > 1 ? x - X0 : 1, BAR,
			bench_noisy(r) ? "#9ecae1" : "#3182bd", e->mech->name);
		xml_text(out, e->mech->what);
		fprintf(out, ", median %s%s</title></rect>\n", figure,
			bench_noisy(r) ? " (noisy)" : "");
		whisker(out, e, y + BAR / 2.0);
		fprintf(out, "<text x=\"%d\" y=\"%.1f\">%s%s</text>\n", X1 + 10, y + BAR - 4, figure,
			bench_noisy(r) ? " (noisy)" : "");
	}
	if (e->mech->ref_ns > 0)
		ref_mark(out, e, y);
}

static void svg_body(FILE *out, const struct bench_report *rep)
{
	const struct bench_facts *f = rep->facts;
	double bottom = TOP + (double)rep->n * ROW;
	int height = (int)bottom + 60;
	size_t i;

	fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" "
		"height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" "
		"font-size=\"13\">\n", WIDTH, height, WIDTH, height);
	fputs("<title>vdsotool bench: time per call across the user/kernel boundary</title>\n",
	      out);
	fprintf(out, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", WIDTH, height);
	fputs("<text x=\"12\" y=\"24\" font-size=\"16\" font-weight=\"bold\">Time per call "
	      "across the user/kernel boundary (log scale)</text>\n", out);
	fputs("<text x=\"12\" y=\"44\" fill=\"#555\">", out);
	xml_text(out, f->cpu_model);
	fputs(", Linux ", out);
	xml_text(out, f->kernel);
	fputs(", clocksource ", out);
	xml_text(out, f->clocksource);
	fprintf(out, "; median of %u rounds, whisker p10\xe2\x80\x93p90</text>\n",
		rep->plan->rounds);
	axis(out, bottom);
	for (i = 0; i < rep->n; i++)
		row(out, &rep->e[i], TOP + (double)i * ROW);
	fprintf(out, "<line x1=\"12\" y1=\"%.1f\" x2=\"36\" y2=\"%.1f\" stroke=\"#d62728\" "
		"stroke-width=\"2\" stroke-dasharray=\"4 2\"/>\n", bottom + 38, bottom + 38);
	fprintf(out, "<text x=\"42\" y=\"%.1f\" fill=\"#555\">2007 figures quoted by the seeds: "
		"int 0x80 1.67 \xc2\xb5s, sysenter 1.24 \xc2\xb5s, vsyscall page 0.88 \xc2\xb5s; "
		"a light bar is noisy</text>\n", bottom + 42);
	fputs("</svg>\n", out);
}

int bench_write_svg(struct output_file *o, const struct bench_report *rep)
{
	return bench_write_with(o, rep, svg_body);
}
