# Example task 4: prints a line, works briefly, and reports where it ran.
echo "task 4: starting on $(hostname) in $(pwd)"
sleep 0.4
echo "task 4: done"
