/*
 * cmd_ambition.c - `ambit ambition [--json]`: the ambition model the
 * indicators report against, as a readable outline or as JSON (the
 * "ambition" object of the report data).
 */
#include "config.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ambition.h"
#include "cli.h"
#include "output.h"

/* The outline: partners, area codes, focus areas with goals and
 * sub-goals (Danish title, English gloss beneath), figures. */
static void print_outline(const amb_ambition *m)
{
    printf("%s\n", m->title);
    if (m->subtitle.da)
        printf("%s\n%s\n", m->subtitle.da, m->subtitle.en);
    printf("\nArea: %s (%s)\n", m->region.name, m->region.code);
    for (size_t i = 0; i < m->nmunicipalities; i++)
        printf("  %s %s\n", m->municipalities[i].code,
               m->municipalities[i].name);
    printf("\nPartners:\n");
    for (size_t i = 0; i < m->npartners; i++) {
        const amb_ambition_partner *p = &m->partners[i];
        printf("  %-4s %s\n       %s\n       %s\n", p->id, p->name,
               p->focus.da, p->focus.en);
    }
    printf("\n%-7s %s\n        %s\n", m->prerequisite.id,
           m->prerequisite.title.da, m->prerequisite.title.en);
    for (size_t i = 0; i < m->nfocus; i++) {
        const amb_ambition_focus *f = &m->focus[i];
        printf("%-7s %s (%s)\n        Mål: %s\n        Goal: %s\n", f->id,
               f->title.da, f->title.en, f->goal.da, f->goal.en);
        for (size_t k = 0; k < f->nsubgoals; k++)
            printf("  %-7s %s\n          %s\n", f->subgoals[k].id,
                   f->subgoals[k].title.da, f->subgoals[k].title.en);
    }
    printf("\nFigures:\n");
    for (size_t i = 0; i < m->nfigures; i++) {
        const amb_ambition_figure *f = &m->figures[i];
        char v[40];
        amb_format_number(f->value, v);
        printf("  %-7s %s %s, %s (%s)\n          %s\n", f->subgoal, v,
               f->unit, f->period, f->kind, f->text.da);
    }
}

int amb_cmd_ambition(const amb_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int json = 0, c;
    (void)cli;
    while ((c = getopt_long(argc, argv, "hj", opts, NULL)) != -1) {
        switch (c) {
        case 'j':
            json = 1;
            break;
        case 'h':
            printf("Usage: ambit ambition [--json]\n\n"
                   "Print the ambition \"Det kompetente Nordjylland\" that the\n"
                   "indicators report against: the region and its eleven\n"
                   "municipalities (StatBank codes), the four partners, the\n"
                   "prerequisite 4.2, the focus areas 5.1-5.4 with goals and\n"
                   "sub-goals (Danish titles with English glosses) and the\n"
                   "figures the documents state.  --json prints it as one\n"
                   "object (the \"ambition\" part of the report data).\n");
            return AMB_EXIT_OK;
        default:
            return amb_cli_usage("ambition", "unknown option");
        }
    }
    if (optind < argc)
        return amb_cli_usage("ambition", "unexpected argument '%s'",
                             argv[optind]);
    amb_ambition *m = NULL;
    amb_error err;
    amb_error_clear(&err);
    int rc = amb_ambition_load_default(&m, &err);
    if (rc < 0)
        return amb_cli_fail(rc, "ambition: %s", err.msg);
    if (json)
        amb_json_print(amb_ambition_to_json(m));
    else
        print_outline(m);
    amb_ambition_free(m);
    return AMB_EXIT_OK;
}
