/* engine.c - the one file of this program that holds run.c's implementation. */
#define RC_NO_MAIN
#include "../../run.c"
