/*
 * Tests of diag's held messages: what a helper thread reports is neither
 * printed nor counted until the main thread releases it, and a discarded
 * record leaves no trace.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>

#include "base/base.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *helper(void *arg)
{
	struct diag_held *h = arg;
	struct srcloc loc = { "fonts/manifest", 3, 0 };

	diag_hold(h);
	diag_warn(NULL, "a warning from the helper");
	diag_error(&loc, EXIT_SYS, "font '%s' is missing", "x.ttf");
	diag_hold_end();
	return NULL;
}

static char *msg;
static size_t msglen;
static FILE *fp;

static void setup(void)
{
	msg = NULL;
	msglen = 0;
	fp = open_memstream(&msg, &msglen);
	diag_set_stream(fp);
	diag_reset();
}

static void teardown(void)
{
	diag_set_stream(NULL);
	fclose(fp);
	free(msg);
	diag_reset();
}

Test(diag, held_messages_count_only_when_released, .init = setup, .fini = teardown)
{
	struct diag_held h;
	pthread_t t;

	memset(&h, 0, sizeof h);
	cr_assert_eq(pthread_create(&t, NULL, helper, &h), 0);
	diag_warn(NULL, "the main thread reports as usual");
	cr_assert_eq(pthread_join(t, NULL), 0);
	fflush(fp);
	cr_assert_null(strstr(msg, "helper"), "held messages printed early: %s", msg);
	cr_assert_eq(diag_errors(), 0);
	cr_assert_eq(diag_warnings(), 1);
	cr_assert_eq(diag_status(), EXIT_OK);
	diag_release(&h);
	fflush(fp);
	cr_assert_not_null(strstr(msg, "reportgen: warning: a warning from the helper\n"), "%s", msg);
	cr_assert_not_null(strstr(msg, "reportgen: fonts/manifest:3: error: font 'x.ttf' is "
	                                "missing\n"), "%s", msg);
	cr_assert_eq(diag_errors(), 1);
	cr_assert_eq(diag_warnings(), 2);
	cr_assert_eq(diag_status(), EXIT_SYS);
}

Test(diag, discarded_messages_leave_no_trace, .init = setup, .fini = teardown)
{
	struct diag_held h;
	pthread_t t;

	memset(&h, 0, sizeof h);
	cr_assert_eq(pthread_create(&t, NULL, helper, &h), 0);
	cr_assert_eq(pthread_join(t, NULL), 0);
	diag_discard(&h);
	fflush(fp);
	cr_assert_eq(msglen, 0, "%s", msg);
	cr_assert_eq(diag_errors(), 0);
	cr_assert_eq(diag_warnings(), 0);
	cr_assert_eq(diag_status(), EXIT_OK);
	/* the helper thread reports normally again after diag_hold_end */
	diag_warn(NULL, "after");
	fflush(fp);
	cr_assert_not_null(strstr(msg, "after"));
}
