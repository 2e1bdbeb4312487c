# Example task 3: prints a line, works briefly, and reports where it ran.
echo "task 3: starting on $(hostname) in $(pwd)"
sleep 0.3
echo "task 3: done"
