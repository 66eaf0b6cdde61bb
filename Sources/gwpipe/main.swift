import GWCLI

GWPipeCommand.main()
