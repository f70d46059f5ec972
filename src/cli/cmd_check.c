/*
 * flowmc check: placeholder until its issue lands; refuses with exit 2 so
 * that nobody mistakes it for a working command.
 */
#include <string.h>

#include "cli.h"

int cmd_check(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--help") == 0) {
        printf("usage: flowmc check ... (not built yet)\n");
        return CLI_OK;
    }
    return cli_usage_error("check", "this command is not built yet");
}
