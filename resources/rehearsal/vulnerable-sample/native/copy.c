/* Shipping labels for the sample shop. DELIBERATELY VULNERABLE: see ../README.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void print_label(const char *name) {
  char label[32];
  strcpy(label, name);
  printf(label);
}

void read_note(void) {
  char buffer[64];
  gets(buffer);
  puts(buffer);
}

int ship(const char *address) {
  char command[128];
  sprintf(command, "lpr -P shipping %s", address);
  return system(command);
}
