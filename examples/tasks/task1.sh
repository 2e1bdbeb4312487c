# Example task 1: prints a line, works briefly, and reports where it ran.
echo "task 1: starting on $(hostname) in $(pwd)"
sleep 0.1
echo "task 1: done"
