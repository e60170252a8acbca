/* placeholder until the CLI lands */
#include "rcm.h"
int main(void) { return rcm_exit_code(RCM_OK); }
