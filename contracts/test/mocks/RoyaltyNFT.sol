// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {ERC2981} from "@openzeppelin/contracts/token/common/ERC2981.sol";

/// @notice An ERC-721 whose royalty receiver and rate are set freely (for marketplace tests).
contract RoyaltyNFT is ERC721, ERC2981 {
    constructor() ERC721("Royalty", "ROY") {}

    function mint(address to, uint256 id, address receiver, uint96 bps) external {
        _mint(to, id);
        _setTokenRoyalty(id, receiver, bps);
    }

    function supportsInterface(bytes4 id) public view override(ERC721, ERC2981) returns (bool) {
        return super.supportsInterface(id);
    }
}
