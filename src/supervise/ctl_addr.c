// SPDX-License-Identifier: MIT
#include <stdio.h>
#include <string.h>
#include "supervise/ctl_addr.h"
#include "supervise/ctl_protocol.h"

int ctl_name_check(const char *name, int digits_ok, char *err, size_t errlen)
{
	size_t n = strlen(name), i, digits = 0;
	const char *why = NULL;

	for (i = 0; i < n && !why; i++) {
		char c = name[i];

		if (c >= '0' && c <= '9')
			digits++;
		else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' ||
			   c == '_' || c == '-'))
			why = "only letters, digits, '.', '_' and '-' may appear";
	}
	if (!n)
		why = "empty";
	else if (n > CTL_NAME_MAX)
		why = "longer than 64 bytes";
	else if (!why && (name[0] == '-' || name[0] == '.'))
		why = "it may not start with '-' or '.'";
	else if (!why && digits == n && !digits_ok)
		why = "all digits would read as a pid (a session without --name is named "
		      "after its command's pid)";
	if (!why)
		return 0;
	if (err)
		snprintf(err, errlen, "bad name '%.*s': %s", CTL_NAME_MAX, name, why);
	return -1;
}

socklen_t ctl_addr(struct sockaddr_un *a, enum ctl_addr_kind kind, const char *key)
{
	int n;

	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	/* sun_path[0] stays NUL: the abstract namespace.  The length, not a
	 * NUL, ends an abstract name. */
	n = snprintf(a->sun_path + 1, sizeof(a->sun_path) - 1, "vdsotool/ctl/%s/%s",
		     kind == CTL_ADDR_NAME ? "name" : kind == CTL_ADDR_FRONT ? "front" : "session",
		     key);
	if (n < 0 || (size_t)n >= sizeof(a->sun_path) - 1)
		n = (int)sizeof(a->sun_path) - 2;
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + (size_t)n);
}
