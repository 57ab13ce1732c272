package io.nnlab.spark;

import io.nnlab.experiments.Result;
import io.nnlab.experiments.Runner;
import io.nnlab.tensor.Backend;
import io.nnlab.tensor.DType;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import scala.collection.Iterator;

import java.io.PrintWriter;
import java.io.Serializable;
import java.io.StringWriter;

/**
 * What an executor does with a task: one run, through the experiments' own runner, returned to the
 * driver as its run record's JSON.
 *
 * <p>A run that throws is thrown again while Spark has attempts left for it, so that Spark retries
 * it, on another executor where it can, as it retries a task whose executor died. On the last attempt
 * the failure is returned as the run's record instead, so that the job, and the other runs, go on.
 */
final class RunTask implements scala.Function2<TaskContext, Iterator<Task>, String>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public String apply(TaskContext context, Iterator<Task> tasks) {
        Task task = tasks.next();
        String executor = SparkEnv.get() == null ? "driver" : SparkEnv.get().executorId();
        return run(task, context.attemptNumber(), executor).toJson();
    }

    static RunRecord run(Task t, int attempt, String executor) {
        DType dtype = t.settings().dtypeFor(t.target());
        try {
            TaskJvm.enter(t.settings());
            try {
                Result r = Runner.runOnce(t.target().experiment(t.point()), t.seed(), dtype);
                return new RunRecord(t.target().name(), t.point(), t.seed(), Backend.current().label(), dtype.label(),
                        Backend.vectorBits(), TaskJvm.host(), executor, attempt + 1, r, null);
            } finally {
                TaskJvm.exit();
            }
        } catch (Throwable e) {
            boolean killed = TaskContext.get() != null && TaskContext.get().isInterrupted();
            if (killed || attempt + 1 < t.maxAttempts()) {
                if (e instanceof Error err) throw err;
                if (e instanceof RuntimeException re) throw re;
                throw new IllegalStateException(t.target() + " " + t.point() + " seed " + t.seed() + ": " + e, e);
            }
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            SweepFailure f = new SweepFailure(t.target().name(), t.point().key(), t.seed(), attempt + 1, TaskJvm.host(),
                    e.getClass().getName(), e.getMessage(), trace.toString());
            return new RunRecord(t.target().name(), t.point(), t.seed(), t.settings().backend().label(), dtype.label(),
                    Backend.vectorBits(), TaskJvm.host(), executor, attempt + 1, null, f);
        }
    }
}
