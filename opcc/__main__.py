from opcc.cli.main import main

main(prog_name="opcc")
