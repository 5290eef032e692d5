from acompana.cli import main

main()
