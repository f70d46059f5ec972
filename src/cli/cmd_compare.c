/*
 * flowmc compare: placeholder until its issue lands; refuses with exit 2 so
 * that nobody mistakes it for a working command.
 */
#include <string.h>

#include "cli.h"

int cmd_compare(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--help") == 0) {
        printf("usage: flowmc compare ... (not built yet)\n");
        return CLI_OK;
    }
    return cli_usage_error("compare", "this command is not built yet");
}
