/*
 * Tests of diag's held messages: what a helper thread reports is neither
 * printed nor counted until the main thread releases it, and a discarded
 * record leaves no trace.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>

#include "base/base.h"
#include "helpers.h"

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

static void setup(void)
{
	th_capture();
}

static void teardown(void)
{
	th_capture_end();
	diag_reset();
}

Test(diag, held_messages_count_only_when_released, .init = setup, .fini = teardown)
{
	struct diag_held h;
	const char *msg;
	pthread_t t;

	memset(&h, 0, sizeof h);
	cr_assert_eq(pthread_create(&t, NULL, helper, &h), 0);
	diag_warn(NULL, "the main thread reports as usual");
	cr_assert_eq(pthread_join(t, NULL), 0);
	cr_assert_null(strstr(th_captured(), "helper"), "held messages printed early: %s",
	               th_captured());
	cr_assert_eq(diag_errors(), 0);
	cr_assert_eq(diag_warnings(), 1);
	cr_assert_eq(diag_status(), EXIT_OK);
	diag_release(&h);
	msg = th_captured();
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
	cr_assert_str_eq(th_captured(), "");
	cr_assert_eq(diag_errors(), 0);
	cr_assert_eq(diag_warnings(), 0);
	cr_assert_eq(diag_status(), EXIT_OK);
	/* the helper thread reports normally again after diag_hold_end */
	diag_warn(NULL, "after");
	cr_assert_not_null(strstr(th_captured(), "after"));
}
