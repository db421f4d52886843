# nbgrader's configuration for the Concurrency Lab course: the lesson notebooks (source/lessons is
# a link to ../notebooks) graded with the Java kernel. Run nbgrader from this directory.
c = get_config()  # noqa: F821 (nbgrader defines it)

c.CourseDirectory.course_id = "concurrency-lab"
# The lessons; 00-smoke.ipynb is the kernel's own test notebook, with no exercises.
c.CourseDirectory.notebook_id = "0[1-9]-*"
# The cell-marking tool stays with the notebooks, out of what students get.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", "*.py"]

# The notebooks' solutions are Java between "// BEGIN SOLUTION" and "// END SOLUTION"; a student
# gets the stub, which fails the exercise's check until it is answered.
c.ClearSolutions.begin_solution_delimeter = "BEGIN SOLUTION"
c.ClearSolutions.end_solution_delimeter = "END SOLUTION"
c.ClearSolutions.code_stub = {
    "java": '// YOUR CODE HERE\nthrow new UnsupportedOperationException("not implemented");',
}
c.ClearHiddenTests.begin_test_delimeter = "BEGIN HIDDEN TESTS"
c.ClearHiddenTests.end_test_delimeter = "END HIDDEN TESTS"

# Autograding runs each submission in the Java kernel. A cell that runs longer than the timeout
# (an endless loop, a deadlock) is interrupted, scored as failed, and the next cell runs: the
# longest lesson cell takes about 10 s alone, so 60 s leaves room for a loaded grading machine.
c.Execute.kernel_name = "conclab-java"
c.Execute.timeout = 60
c.Execute.startup_timeout = 120
