/*
 * fuzz_ini.c - libFuzzer target for the configuration layer: any bytes as
 * an INI layer, then the checks and the schema built from it, as prio
 * does with every file it reads.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "field.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config cfg = {0};
	struct schema s;
	char err[PRIO_ERR_MAX];
	char *text = xstrndup((const char *)data, size);

	if (config_load_string(&cfg, text, "fuzz.ini", err) == 0 &&
	    config_check(&cfg, err) == 0 && schema_load(&s, &cfg, err) == 0) {
		for (size_t i = 0; i < s.n; i++)
			field_validate(&s.v[i], text, strlen(text) % 64, &(double){0},
				       err);
		schema_release(&s);
	}
	config_release(&cfg);
	free(text);
	return 0;
}
