# Example task 5: prints a line, works briefly, and reports where it ran.
echo "task 5: starting on $(hostname) in $(pwd)"
sleep 0.5
echo "task 5: done"
