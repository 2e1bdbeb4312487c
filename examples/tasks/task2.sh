# Example task 2: prints a line, works briefly, and reports where it ran.
echo "task 2: starting on $(hostname) in $(pwd)"
sleep 0.2
echo "task 2: done"
