#ifndef GWPIPE_CYAML_SHIM_H
#define GWPIPE_CYAML_SHIM_H
#include <yaml.h>
#endif
