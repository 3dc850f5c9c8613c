/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef DR_ENGINE_PRIV_H
#define DR_ENGINE_PRIV_H

/*
 * Engine internals shared by the files of src/engine.  Nothing outside the
 * engine includes this: engine.h is the contract with "daxrace run".
 */
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "actors/actor.h"
#include "engine/engine.h"
#include "oracles/round.h"
#include "mutators/mutator.h"
#include "oracles/tag.h"

struct dr_watchdog;
struct dr_watch;
struct dr_klog;

/* ---- prng.c: per-job choices, replayable from (seed, scenario, job) ---- */
struct dr_prng {
	uint64_t s;
};
void dr_prng_seed(struct dr_prng *p, uint64_t seed, uint64_t stream);
uint64_t dr_prng_next(struct dr_prng *p);
/* The stream of the scenario called name (ACTOR.MUTATOR.STALL). */
uint32_t dr_prng_stream_of(const char *name);
/* Uniform in [0, n); n > 0. */
uint64_t dr_prng_below(struct dr_prng *p, uint64_t n);

/* ---- futex.c ---- */
/* Waits while *word == val, at most timeout_ns (0 = forever).  Returns 0,
 * -ETIMEDOUT, -EAGAIN (word already changed) or -EINTR. */
int dr_futex_wait(_Atomic uint32_t *word, uint32_t val, uint64_t timeout_ns);
void dr_futex_wake(_Atomic uint32_t *word);

/* ---- placement.c: --cpu-node / --mem-node through libnuma ---- */
struct dr_placement {
	int cpu_node, mem_node; /* -1: none */
	bool spread;            /* --numa spread */
	int nodes;              /* NUMA nodes with memory or CPUs, >= 1 */
	_Atomic unsigned int turn_store;
	_Atomic unsigned int *turn; /* spread: the next thread's turn */
};
int dr_placement_init(struct dr_placement *pl, int cpu_node, int mem_node,
		      bool spread, char *desc, size_t len);
/*
 * Where a job's threads ran and where its buffers are: a row per thread
 * (its last CPU and that CPU's node) and per buffer (move_pages(2) on its
 * first page), read from the kernel by the job thread before it stops its
 * workers, into j->placed.  collect() gathers every live job's rows into
 * the scenario result.
 */
struct dr_job;
struct dr_scenario;
void dr_placement_record_job(struct dr_job *j);
int dr_placement_collect(struct dr_scenario *sc);
/* In a new thread: run only on cpu_node's CPUs, allocate from mem_node. */
void dr_placement_thread(const struct dr_placement *pl);
/*
 * A job's own copy: with spread its threads take their turns from the
 * job's id on (holder, then actor, then mutator: the order the holder
 * starts them), so the actor and the mutator of one job always land on
 * different nodes, whatever order the jobs start in.
 */
void dr_placement_for_job(struct dr_placement *job, const struct dr_placement *pl,
			  unsigned int id);
/* Binds anonymous memory to mem_node (before first touch). */
void dr_placement_memory(const struct dr_placement *pl, void *addr, size_t len);

/* ---- worker.c: a thread that runs one call each time it is kicked ---- */
struct dr_worker;
typedef void (*dr_worker_fn)(struct dr_worker *w);
struct dr_worker {
	pthread_t thread;
	_Atomic pid_t tid;
	_Atomic uint32_t go;      /* sequence of the call requested */
	_Atomic uint32_t done;    /* sequence of the call that returned */
	_Atomic uint32_t in_call; /* 1 while fn is inside its system call */
	_Atomic bool stop;
	dr_worker_fn fn;
	void *arg;
	const struct dr_placement *pl;
	uint64_t t_start, t_return; /* of the last call, set by fn */
	bool started;
	bool abandoned;           /* stuck in the kernel: never joined */
};
int dr_worker_start(struct dr_worker *w, dr_worker_fn fn, void *arg,
		    const struct dr_placement *pl);
void dr_worker_kick(struct dr_worker *w);
bool dr_worker_done(struct dr_worker *w);
/* Waits for the last kicked call; true when it returned in time. */
bool dr_worker_wait(struct dr_worker *w, uint64_t timeout_ns);
/* Stops and joins, unless abandoned (then only detaches). */
void dr_worker_stop(struct dr_worker *w);
/* Marks the call entered/left; fn calls these around its system call. */
static inline void dr_worker_enter(struct dr_worker *w, uint64_t now)
{
	w->t_start = now;
	atomic_store_explicit(&w->in_call, 1, memory_order_release);
}
static inline void dr_worker_leave(struct dr_worker *w, uint64_t now)
{
	w->t_return = now;
	atomic_store_explicit(&w->in_call, 0, memory_order_release);
}

/* ---- workdir.c: the only place daxrace writes ---- */
struct dr_workdir {
	char path[4096];
	int dirfd;
	bool keep;   /* a thread stuck in the kernel holds a file in it */
};
int dr_workdir_create(struct dr_workdir *wd, const char *parent);
/* openat(O_NOFOLLOW | O_CLOEXEC), creating with O_EXCL when flags say so. */
int dr_workdir_open(struct dr_workdir *wd, const char *name, int flags);
void dr_workdir_unlink(struct dr_workdir *wd, const char *name);
/* Removes every file inside and the directory; -errno of the first failure. */
int dr_workdir_remove(struct dr_workdir *wd);
void dr_workdir_syncfs(struct dr_workdir *wd);
/* SIGINT/SIGTERM/SIGHUP set dr_engine_interrupted; the run then unwinds
 * normally.  Nested: only the outermost pair installs and restores. */
void dr_signals_install(void);
void dr_signals_restore(void);
extern volatile sig_atomic_t dr_engine_interrupted;
/* Signal that interrupts a stuck layout change (no-op handler, no SA_RESTART). */
#define DR_SIG_INTERRUPT SIGUSR1

/* ---- partner.c: the non-DAX other end of the O_DIRECT I/O ---- */
enum dr_partner_kind { DR_PARTNER_LOOP, DR_PARTNER_BDEV, DR_PARTNER_FILE };
struct dr_partner_slot {
	int fd;            /* O_DIRECT, read-write */
	off_t off;         /* this job's range */
	int stat_fd;       /* block device I/O counters, -1 when none */
	int loop_nr;       /* -1 unless a loop device daxrace set up */
	char backing[48];  /* backing file name in the work dir, "" if none */
	uint32_t file_id;  /* tag file id of the partner data */
	int check_fd;      /* read-back without a bio (loop: its backing file), -1 */
};
struct dr_partner {
	enum dr_partner_kind kind;
	char desc[512];
	unsigned int nr_slots;
	struct dr_partner_slot *slots;
	size_t slot_len;
	bool shared;              /* one device for all jobs */
	char unconfirmable[96];   /* non-empty: no round can be confirmed */
	/* A --partner used without --partner-destroy held only zeros where
	 * daxrace writes: teardown writes them back and restores its size. */
	bool restore;
	uint64_t orig_size;       /* regular file: its size before the run */
};
int dr_partner_setup(struct dr_partner *p, const struct dr_run_config *cfg,
		     struct dr_workdir *wd, unsigned int nr_slots,
		     size_t slot_len, bool dir_dax, char *why, size_t len);
void dr_partner_teardown(struct dr_partner *p, struct dr_workdir *wd);
/* Reads completed and writes completed; -errno. */
/* Requests the partner's block device has in flight; -ENODEV without one. */
int dr_partner_inflight(const struct dr_partner_slot *s, uint64_t *inflight);
int dr_partner_counters(const struct dr_partner_slot *s, uint64_t *reads,
			uint64_t *writes);

/* ---- uffd.c ---- */
int dr_uffd_open(int *out, char *why, size_t len);
/* True when dr_uffd_open's -errno means "not allowed here" (skip), not a
 * failure of the environment (out of descriptors or memory). */
bool dr_uffd_denied(int err);
int dr_uffd_register_missing(int uffd, void *addr, size_t len);
/* Blocks until a page fault message; *addr gets the faulting address. */
int dr_uffd_read_fault(int uffd, uint64_t *addr);
int dr_uffd_copy(int uffd, void *dst, const void *src, size_t len);
/* Last resort after a failed copy: zero page, then an explicit wake. */
void dr_uffd_unblock(int uffd, void *addr, size_t len);
/* Drops the page so the next touch faults MISSING again. */
int dr_uffd_rearm(void *addr, size_t len);

/* ---- victim.c: the file whose pages get pinned ---- */
struct dr_victim {
	int fd;
	char name[48];
	uint32_t file_id;
	uint32_t writer;
	unsigned int k;       /* pages in the window */
	uint64_t gen;         /* generation of the window's blocks */
	uint64_t size;        /* (1 + k) pages: anchor block, then the window */
	void *region;         /* [k pages of V's window][1 anonymous page] */
	size_t region_len;
	void *anon_page;      /* the last page of region */
	void *fill;           /* k aligned pages: next generation, prebuilt */
};
#define DR_VICTIM_ANCHOR_GEN 1
int dr_victim_create(struct dr_victim *v, struct dr_workdir *wd,
		     const char *name, uint32_t file_id, uint32_t writer,
		     unsigned int k, const struct dr_placement *pl);
/* Writes the window with a new generation (one pwrite). */
int dr_victim_refill(struct dr_victim *v);
/* Unmaps, closes and unlinks. */
void dr_victim_destroy(struct dr_victim *v, struct dr_workdir *wd);
bool dr_victim_is_dax(const struct dr_victim *v);

/* ---- job: one independent race pair ---- */
struct dr_scenario;
struct dr_job {
	unsigned int id;
	struct dr_scenario *sc;
	struct dr_prng rng;
	struct dr_victim v;
	struct dr_partner_slot *ps;
	int uffd;
	int evfd;                  /* actor returned without a fault */
	void *src_page;            /* UFFDIO_COPY source */
	uint32_t src_file_id;
	void *scratch;             /* (k + 1) aligned pages for read-back */
	struct dr_tag_expect *p_expect; /* what the partner range holds */

	/* What the actor works on, and its own per-job state (aj.priv). */
	struct dr_actor_job aj;
	bool actor_ready;          /* its setup() succeeded: teardown() owed */

	struct dr_worker actor_w, mut_w;
	/* current call arguments and results */
	uint64_t mut_off, mut_len;
	struct dr_mut_target mt;   /* what the mutator sees (mutate.c) */
	unsigned int cur_mut;      /* index in sc->mutators of the change */
	void *mt_priv[DR_MUT_COMBO_MAX]; /* each mutator's per-job state */
	unsigned int nr_setup;     /* mutators whose setup() ran */
	int mut_err;
	ssize_t io_ret;
	_Atomic bool fault_seen;

	/* Page-cache mode: the holder runs the layout change itself (see
	 * hold.c); the watchdog rescues it if it ever waits for the pins. */
	bool inline_mut;
	bool copy_failed;              /* this round's UFFDIO_COPY failed */
	bool rescued;                  /* this round's fault was resolved by the watchdog */
	_Atomic uint64_t inline_since; /* the change started, 0 = not in it */
	_Atomic bool inline_rescued;
	pid_t holder_tid;
	struct dr_placement pl;    /* its threads' (dr_placement_for_job()) */
	struct dr_placed placed[6]; /* dr_placement_record_job() */
	unsigned int nr_placed;

	/* LIVE */
	_Atomic uint32_t expired;  /* bit 0 mutator, bit 1 actor */
	bool dead;                 /* a thread is stuck for good: job over */
	bool live_fired;           /* a change of this job outlived its deadline */

	/* totals, read by the progress line without locks */
	_Atomic uint64_t rounds, confirmed, unconfirmed;
	_Atomic uint64_t lost_wakeups, leaked_refs;
	char unconfirmed_reason[96];
	char error[160];           /* why the job stopped early, "" if it did not */
	unsigned int io_errors;    /* partner I/O failures in a row */
	_Atomic bool partner_dead; /* free-running: they ended the job */
	bool have_ctr;             /* ctr_rd/ctr_wr hold the settled counters */
	uint64_t ctr_rd, ctr_wr;   /* partner I/O counters after the last round */
	struct dr_hist h_hold, h_release;
	/* Where a round's time goes (ns summed over rounds), for -v and bench:
	 * [0] start->actor in call, [1] ->fault, [2] fault->release,
	 * [3] release->I/O return, [4] ->mutator return, [5] verify+refill. */
	uint64_t phase_ns[DR_ROUND_PHASES];
	uint64_t rounds_target;    /* 0: until the scenario stops */
	uint64_t round_index;

	/* stall none */
	_Atomic bool phase_stop;   /* actors and mutator loops: drain now */
	bool probe_mode;           /* mutator: one change over the window */
	struct dr_prng actor_rng;  /* the actor thread's own choices */
	_Atomic uint64_t probes;

	int splice_pipe[2];        /* inject vmsplice-hold */
	bool foreign_injected;     /* inject victim-foreign: done */
	bool copy_injected;        /* inject copy-foreign: done */
	pthread_t thread;
	bool thread_started;
};

#define DR_BYSTANDER_RING 4

/* ---- scenario: one actor x mutator x stall ---- */
struct dr_scenario {
	const struct dr_run_config *cfg;
	struct dr_scenario_result *res;
	const struct dr_actor_ops *actor;
	const struct dr_mutator_ops *mutator; /* mutators[0] */
	/* More than one only free-running (NAME+NAME): each change picks one. */
	const struct dr_mutator_ops *mutators[DR_MUT_COMBO_MAX];
	unsigned int nr_mutators;
	struct dr_oracle_env env;
	void *ostate[DR_ORACLE_COUNT];
	struct dr_workdir *wd;
	struct dr_partner *partner;
	const struct dr_placement *pl;
	struct dr_watchdog *watchdog;
	struct dr_klog *klog;      /* for LIVE evidence tails; may be NULL */
	pthread_mutex_t lock;      /* oracle round() and klog tails */
	struct dr_job *jobs;
	unsigned int nr_jobs;
	unsigned int index;        /* scenario number in the run */
	unsigned int nr_scenarios; /* in the run, for the progress line */
	_Atomic bool stop;
	_Atomic uint32_t next_file_id;
	unsigned int k;
	uint64_t deadline_ns;      /* duration end, 0 = rounds decide */
	/* inject live-pipe */
	int live_pipe[2];
	struct dr_worker live_w;
	/* bystander */
	pthread_t bystander;
	bool bystander_started;
	_Atomic uint64_t bystander_files;
	/* Its files still on disk once it stopped: removed with the rest of
	 * the scenario's, after the oracles measured them. */
	char bystander_left[DR_BYSTANDER_RING][48];
	/* inject space-leak: an unlinked file held open past the end */
	int space_leak_fd;
	/* A job thread never came back from the kernel: it still points into
	 * this scenario and its partner, which must outlive it (leaked). */
	bool abandoned;
};

/* job.c */
int dr_job_setup(struct dr_job *j, struct dr_scenario *sc, unsigned int id);
void dr_job_teardown(struct dr_job *j);

/* hold.c: one uffd-held round; 0, or -errno when the job cannot go on */
int dr_hold_round(struct dr_job *j);
void *dr_hold_job_main(void *arg);
void dr_hold_rescue_inline(struct dr_job *j);
/* The inline layout change (page-cache mode) has been running grace_ns. */
bool dr_hold_inline_stuck(struct dr_job *j, uint64_t grace_ns);

/* mutate.c: the mutator's calls, with the job's victim as its target */
static inline const struct dr_mutator_ops *dr_job_mutator(const struct dr_job *j)
{
	return j->sc->mutators[j->cur_mut];
}
/* Some mutator of the scenario may fault the actor's GUP by design. */
bool dr_mutate_may_fault(const struct dr_scenario *sc);
int dr_mutate(struct dr_job *j);            /* over [mut_off, +mut_len) */
int dr_mutate_restore(struct dr_job *j);    /* after every change */
void dr_mutate_expect(struct dr_job *j, uint64_t b, struct dr_mut_block *out);
int dr_mutate_setup(struct dr_job *j);
void dr_mutate_teardown(struct dr_job *j);
/* Every mutator of the scenario: 0, or -errno with why. */
int dr_mutate_probe(const struct dr_scenario *sc, char *why, size_t len);

/* verify.c: TAG checks after a round */
void dr_verify_round(struct dr_job *j, const struct dr_round *r);

/* live.c */
bool dr_live_expired(void *ctx, struct dr_watch *w, pid_t tid,
		     const char *what, uint64_t blocked_ns);
/* Why thread tid of job j (its actor if actor), waited_ns past its blocker,
 * is still working rather than blocked: running, or its I/O still in the
 * partner; NULL when it is blocked (or has worked too long to excuse). */
const char *dr_live_working(struct dr_job *j, pid_t tid, bool actor,
			    uint64_t waited_ns);
/* Waits for the mutator after release, handling a stuck one (interrupt,
 * retry, count).  Returns false when the job must stop. */
bool dr_live_wait_mutator(struct dr_job *j, struct dr_round *r,
			  const char *what, bool unmap_first);
/* Waits for the actor after release; false when the job must stop. */
bool dr_live_wait_actor(struct dr_job *j);
/* Captures a thread for LIVE evidence: task state plus the klog tail. */
char *dr_live_capture(struct dr_scenario *sc, pid_t tid);

/* freerun.c */
void *dr_freerun_job_main(void *arg);

/* bystander.c */
int dr_bystander_start(struct dr_scenario *sc);
/* Stops the thread; its last files stay until dr_bystander_remove(). */
void dr_bystander_stop(struct dr_scenario *sc);
void dr_bystander_remove(struct dr_scenario *sc);

/* inject.c: test-only fault injection (cfg->inject) */
bool dr_inject_is(const struct dr_scenario *sc, const char *name);
int dr_inject_valid(const char *inject);
int dr_inject_live_pipe_start(struct dr_scenario *sc);
void dr_inject_live_pipe_stop(struct dr_scenario *sc);
int dr_inject_vmsplice_hold(struct dr_job *j);
void dr_inject_vmsplice_release(struct dr_job *j);
/* In the actor or mutator, before its system call: true (never, in fact)
 * after sleeping for good when --inject NAME (stuck-actor, stuck-mutator)
 * picks this call. */
bool dr_inject_stuck(struct dr_job *j, const char *name);
/* space-leak: a file of the scenario that is unlinked with the others but
 * held open until after the oracles' end(), as a leaked reference would. */
int dr_inject_space_leak_start(struct dr_scenario *sc);
void dr_inject_space_leak_unlink(struct dr_scenario *sc);
void dr_inject_space_leak_stop(struct dr_scenario *sc);
/* victim-foreign: before the first verification of job 0's victim. */
void dr_inject_victim_foreign(struct dr_job *j);
void dr_inject_copy_foreign(struct dr_job *j);

/* gupfail.c */
void dr_gupfail_check_longterm(struct dr_scenario *sc, struct dr_job *j);

/* scenario.c */
int dr_scenario_run(struct dr_scenario *sc, dr_progress_fn progress,
		    void *ctx, uint64_t run_start);

#endif
