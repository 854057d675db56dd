// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";

/// @notice A third party's plain OpenZeppelin ERC-721 (no royalties), to show any ERC-721 trades.
contract PlainNFT is ERC721 {
    constructor() ERC721("Plain", "PLAIN") {}

    function mint(address to, uint256 id) external {
        _mint(to, id);
    }
}
