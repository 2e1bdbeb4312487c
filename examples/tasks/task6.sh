# Example task 6: prints a line, works briefly, and reports where it ran.
echo "task 6: starting on $(hostname) in $(pwd)"
sleep 0.6
echo "task 6: done"
